package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import io.ziptrace.internal.Hex;
import java.util.List;

/**
 * W3C Trace Context (Level 1, with Level 2's random-trace-id flag): the {@code traceparent}
 * header, {@code 00-{trace-id}-{parent-id}-{flags}}, with a 32-character trace id, the caller's
 * 16-character span id, flag bit 0 meaning sampled and bit 1 that the trace id is random; and its
 * companion {@code tracestate}, the other tracing systems' entries.
 *
 * <p>Reading: version {@code 00} must have exactly that form; later versions are read leniently
 * (more fields may follow); version {@code ff}, uppercase or all-zero ids, and a {@code
 * traceparent} sent in more than one header field are invalid and read as absent, and then {@code
 * tracestate} is not read at all. Any non-zero 128-bit trace id is accepted, a zero lower half
 * included. The {@code tracestate} fields are combined into one list and validated; an invalid
 * list is dropped whole, and a valid one is kept on the context ({@link
 * TraceContext#traceState()}), for its children.
 *
 * <p>Writing: always version {@code 00}, with the sampled flag and the random-trace-id flag as the
 * context says (other flag bits are never sent), and the trace's {@code tracestate} unchanged when
 * it has one: ziptrace adds no entry of its own, since Zipkin's ids already travel in {@code
 * traceparent} and nothing else of ours needs to reach another vendor.
 */
public final class TraceparentPropagation implements Propagation {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  private static final int LENGTH = 55; // 2 + 1 + 32 + 1 + 16 + 1 + 2
  /** Longer than any value we would read: later versions add fields, but not kilobytes of them. */
  private static final int MAX_LENGTH = 512;
  private static final TraceparentPropagation INSTANCE = new TraceparentPropagation();
  /** The flags field for each combination of sampled (bit 0) and random trace id (bit 1). */
  private static final String[] FLAGS = {"-00", "-01", "-02", "-03"};

  private TraceparentPropagation() {}

  /** The {@code traceparent} propagation. */
  public static TraceparentPropagation create() {
    return INSTANCE;
  }

  @Override
  public List<String> keys() {
    return List.of(TRACEPARENT, TRACESTATE);
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    // Concatenating the cached id strings builds the value in one array (see B3SingleFormat.write).
    String traceId = context.traceIdString();
    String flags = FLAGS[(context.isSampled() ? 1 : 0) | (context.randomTraceId() ? 2 : 0)];
    String value = traceId.length() == 32
        ? "00-" + traceId + '-' + context.spanIdString() + flags
        : "00-0000000000000000" + traceId + '-' + context.spanIdString() + flags; // a 64-bit id, zero-padded
    setter.set(carrier, TRACEPARENT, value);
    String traceState = context.traceState();
    if (traceState != null) setter.set(carrier, TRACESTATE, traceState);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    String value = SafeHeaders.single(carrier, getter, TRACEPARENT); // null when absent, or sent twice: invalid
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
    // parseHex16 also returns zero for malformed hex, which the checks above already refused
    if ((high == 0L && low == 0L) || spanId == 0L) return IncomingContext.EMPTY; // all-zero ids are invalid
    long flags = Hex.parseHex(value, 53, 2);
    TraceContext context = TraceContext.builder().traceId(high, low).spanId(spanId).sampled((flags & 1) != 0)
        .randomTraceId((flags & 2) != 0)
        .traceState(TraceStateHeader.parse(SafeHeaders.getAll(carrier, getter, TRACESTATE)))
        .build();
    return IncomingContext.of(context);
  }

  @Override
  public String toString() {
    return "TraceparentPropagation";
  }
}
