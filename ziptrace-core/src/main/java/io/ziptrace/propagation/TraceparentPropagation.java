package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import io.ziptrace.internal.Hex;
import java.util.List;

/**
 * W3C Trace Context's {@code traceparent} header: {@code 00-{trace-id}-{parent-id}-{flags}},
 * with a 32-character trace id, the caller's 16-character span id and flag bit 0 meaning
 * sampled. Version {@code 00} must have exactly that form; later versions are read leniently
 * (more fields may follow); version {@code ff}, uppercase or all-zero ids are malformed and read
 * as absent. Always written as version {@code 00}. {@code tracestate} is not carried.
 */
public final class TraceparentPropagation implements Propagation {
  static final String TRACEPARENT = "traceparent";
  private static final int LENGTH = 55; // 2 + 1 + 32 + 1 + 16 + 1 + 2
  /** Longer than any value we would read: later versions add fields, but not kilobytes of them. */
  private static final int MAX_LENGTH = 512;
  private static final TraceparentPropagation INSTANCE = new TraceparentPropagation();

  private TraceparentPropagation() {}

  /** The {@code traceparent} propagation. */
  public static TraceparentPropagation create() {
    return INSTANCE;
  }

  @Override
  public List<String> keys() {
    return List.of(TRACEPARENT);
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    // Concatenating the cached id strings builds the value in one array (see B3SingleFormat.write).
    String traceId = context.traceIdString();
    String flags = context.isSampled() ? "-01" : "-00";
    String value = traceId.length() == 32
        ? "00-" + traceId + '-' + context.spanIdString() + flags
        : "00-0000000000000000" + traceId + '-' + context.spanIdString() + flags; // a 64-bit id, zero-padded
    setter.set(carrier, TRACEPARENT, value);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    String value = SafeHeaders.get(carrier, getter, TRACEPARENT);
    if (value == null || value.length() < LENGTH || value.length() > MAX_LENGTH) return IncomingContext.EMPTY;
    if (!Hex.isLowerHex(value, 0, 2) || value.startsWith("ff")) return IncomingContext.EMPTY;
    boolean version00 = value.startsWith("00");
    if (version00 && value.length() != LENGTH) return IncomingContext.EMPTY;
    if (!version00 && value.length() > LENGTH && value.charAt(LENGTH) != '-') return IncomingContext.EMPTY;
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') return IncomingContext.EMPTY;
    if (!Hex.isLowerHex(value, 3, 32) || !Hex.isLowerHex(value, 53, 2)) return IncomingContext.EMPTY;
    long high = Hex.parseHex16(value, 3);
    long low = Hex.parseHex16(value, 19);
    long spanId = Hex.parseHex16(value, 36);
    if (low == 0L || spanId == 0L) return IncomingContext.EMPTY; // zero ids are invalid (low zero is unrepresentable)
    boolean sampled = (Hex.parseHex(value, 53, 2) & 1) == 1;
    return IncomingContext.of(TraceContext.builder().traceId(high, low).spanId(spanId).sampled(sampled).build());
  }

  @Override
  public String toString() {
    return "TraceparentPropagation";
  }
}
