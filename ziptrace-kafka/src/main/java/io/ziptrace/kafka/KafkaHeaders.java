package io.ziptrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ziptrace.BaggageField;
import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import io.ziptrace.messaging.MessagingTracing;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.HeaderGetter;
import io.ziptrace.propagation.HeaderSetter;
import io.ziptrace.propagation.Propagation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Trace context and baggage in Kafka record headers, as Brave reads and writes them: one {@code
 * b3} header (single format, UTF-8, no parent id) is written; {@code b3} and then the {@code
 * X-B3-*} headers are read. A trace with a W3C {@code tracestate} also gets {@code traceparent}
 * and {@code tracestate} headers, and a {@code traceparent} naming the same span as the B3
 * headers gives back its {@code tracestate} ({@link B3Propagation#withTraceState()}); a trace
 * without one is written as B3 alone. The tracer's remote baggage fields travel as the W3C {@code
 * baggage} header and each field's own headers, UTF-8, written and read by {@link
 * BaggagePropagation}. Kafka header names are case-sensitive and Brave writes {@code
 * X-B3-TraceId}, so names are matched ignoring case.
 */
final class KafkaHeaders {
  /** The single b3 header, with traceparent and tracestate beside it for a trace with a tracestate. */
  private static final Propagation TRACE = B3Propagation.single().withTraceState();
  /** b3, x-b3-*, traceparent and tracestate, lowercase. */
  private static final List<String> TRACE_KEYS = TRACE.keys();
  private static final HeaderGetter<Headers> GETTER = new HeaderGetter<>() {
    @Override
    public String get(Headers headers, String name) {
      return lastValue(headers, name);
    }

    @Override
    public List<String> getAll(Headers headers, String name) {
      return allValues(headers, name);
    }
  };
  private static final HeaderSetter<Headers> SETTER = (headers, name, value) -> headers.add(name, value.getBytes(UTF_8));
  private static final String TRACE_ID = "x-b3-traceid";
  private static final String SPAN_ID = "x-b3-spanid";

  private final List<BaggageField> baggageFields;
  /** B3, and the baggage fields when the tracer declares remote ones. */
  private final Propagation propagation;
  /** The trace keys, and those of the baggage fields: all that a send writes, lowercase. */
  private final List<String> sentKeys;

  KafkaHeaders(List<BaggageField> baggageFields) {
    this.baggageFields = baggageFields;
    this.propagation = BaggagePropagation.wrap(TRACE, baggageFields);
    this.sentKeys = propagation.keys();
  }

  /**
   * What the headers say about the trace, and the declared baggage fields they carry; malformed
   * headers count as absent. Never throws.
   */
  IncomingContext extract(Headers headers) {
    IncomingContext extracted = propagation.extract(headers, GETTER);
    if (!extracted.isEmpty()) return extracted;
    IncomingContext traceIdOnly = traceIdOnly(lastValue(headers, TRACE_ID), lastValue(headers, SPAN_ID));
    return traceIdOnly.isEmpty() ? extracted : IncomingBaggage.copy(extracted, traceIdOnly, baggageFields);
  }

  /**
   * Replaces the trace and baggage headers with those of {@code context}: one {@code b3} header
   * ({@code traceparent} and {@code tracestate} too when the context has a tracestate) and its
   * remote baggage fields, keeping every other header. So a record sent again carries
   * each header once, and a baggage key that is not declared is not sent on. Returns false,
   * changing nothing, when the headers are read-only.
   */
  boolean injectForSend(Headers headers, TraceContext context) {
    return replace(headers, sentKeys, context, propagation);
  }

  /**
   * Replaces the trace headers ({@code b3}, {@code X-B3-*}, {@code traceparent}, {@code
   * tracestate}) with one {@code b3} header for {@code context} (and {@code traceparent} and
   * {@code tracestate} when it has a tracestate), keeping every other header, baggage included:
   * the received values stay for {@link #extract} to read again. Returns false, changing
   * nothing, when the headers are read-only.
   */
  boolean replaceContext(Headers headers, TraceContext context) {
    return replace(headers, TRACE_KEYS, context, TRACE);
  }

  private static boolean replace(Headers headers, List<String> keys, TraceContext context, Propagation writer) {
    try {
      for (Iterator<Header> i = headers.iterator(); i.hasNext(); ) {
        String key = i.next().key();
        if (key != null && keys.contains(key.toLowerCase(Locale.ROOT))) i.remove();
      }
      MessagingTracing.inject(writer, context, headers, SETTER);
      return true;
    } catch (IllegalStateException readOnly) {
      return false;
    }
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

  /** Every header named {@code name} in any case, in order, decoded as UTF-8; null values left out. */
  private static List<String> allValues(Headers headers, String name) {
    List<String> values = new ArrayList<>(1);
    for (Header header : headers) {
      if (name.equalsIgnoreCase(header.key()) && header.value() != null) values.add(new String(header.value(), UTF_8));
    }
    return values;
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
