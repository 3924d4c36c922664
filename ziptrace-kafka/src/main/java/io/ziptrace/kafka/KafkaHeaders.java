package io.ziptrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.HeaderGetter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Trace context in Kafka record headers, as Brave reads and writes it: one {@code b3} header
 * (single format, UTF-8, no parent id) is written; {@code b3} and then the {@code X-B3-*}
 * headers are read. Kafka header names are case-sensitive and Brave writes {@code X-B3-TraceId},
 * so names are matched ignoring case.
 */
final class KafkaHeaders {
  private static final B3Propagation B3 = B3Propagation.single();
  /** b3 and x-b3-*, lowercase. */
  private static final List<String> TRACE_KEYS = B3.keys();
  private static final HeaderGetter<Headers> GETTER = KafkaHeaders::lastValue;
  private static final String TRACE_ID = "x-b3-traceid";
  private static final String SPAN_ID = "x-b3-spanid";

  private KafkaHeaders() {}

  /** What the headers say about the trace; malformed headers count as absent. Never throws. */
  static IncomingContext extract(Headers headers) {
    IncomingContext extracted = B3.extract(headers, GETTER);
    if (!extracted.isEmpty()) return extracted;
    return traceIdOnly(lastValue(headers, TRACE_ID), lastValue(headers, SPAN_ID));
  }

  /**
   * Replaces the trace headers ({@code b3}, {@code X-B3-*}) with one {@code b3} header for
   * {@code context}, keeping every other header. Returns false, changing nothing, when the
   * headers are read-only.
   */
  static boolean replaceContext(Headers headers, TraceContext context) {
    try {
      for (Iterator<Header> i = headers.iterator(); i.hasNext(); ) {
        if (isTraceKey(i.next().key())) i.remove();
      }
      // Brave's messaging format (SINGLE_NO_PARENT): the receiver needs no parent id, and without
      // it an unsampled context ends in "-0".
      TraceContext noParent = context.parentId() == 0L ? context : context.toBuilder().parentId(0L).build();
      B3.inject(noParent, headers, (carrier, name, value) -> carrier.add(name, value.getBytes(UTF_8)));
      return true;
    } catch (IllegalStateException readOnly) {
      return false;
    }
  }

  private static boolean isTraceKey(String key) {
    return key != null && TRACE_KEYS.contains(key.toLowerCase(Locale.ROOT));
  }

  /** The last header named {@code name} in any case, decoded as UTF-8, or {@code null}. */
  private static String lastValue(Headers headers, String name) {
    byte[] value = null;
    boolean found = false;
    for (Header header : headers) {
      if (name.equalsIgnoreCase(header.key())) {
        value = header.value();
        found = true;
      }
    }
    return found && value != null ? new String(value, UTF_8) : null;
  }

  /**
   * A propagation that sends only {@code X-B3-TraceId} still joins the trace. There is no parent
   * span id to continue, so the span becomes a child of the trace's root span, whose id is the
   * lower 64 bits of the trace id in traces started by ziptrace or Brave.
   */
  private static IncomingContext traceIdOnly(String traceId, String spanId) {
    if (traceId == null || spanId != null) return IncomingContext.EMPTY;
    int length = traceId.length();
    if ((length != 16 && length != 32) || !isLowerHex(traceId)) return IncomingContext.EMPTY;
    long high = length == 32 ? Long.parseUnsignedLong(traceId.substring(0, 16), 16) : 0L;
    long low = Long.parseUnsignedLong(traceId.substring(length - 16), 16);
    if (low == 0L) return IncomingContext.EMPTY;
    return IncomingContext.of(TraceContext.builder().traceId(high, low).spanId(low).build());
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
    }
    return true;
  }
}
