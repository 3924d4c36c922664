package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.List;
import java.util.Map;

/**
 * B3 propagation (github.com/openzipkin/b3-propagation), as Zipkin-instrumented services speak
 * it. Extraction reads both forms, the single {@code b3} header winning over the {@code X-B3-*}
 * headers; injection writes the form this instance was created for.
 *
 * <p>Extraction rules: ids are lowercase hex, 16 characters (or 32 for trace ids) and not all
 * zeros; anything else makes the whole context absent. A malformed {@code b3} header falls back
 * to the {@code X-B3-*} headers. {@code X-B3-Flags: 1} means debug (and so sampled).
 * {@code X-B3-Sampled} accepts {@code 1}/{@code 0} and leniently {@code true}/{@code false}; any
 * other value is ignored, leaving the decision to the receiver. Sampling-only ({@code b3: 0},
 * {@code X-B3-Sampled: 0} alone) and debug-only requests keep their decision without ids.
 *
 * <p>Injection: only {@code 1}/{@code 0} sampling values; debug as {@code X-B3-Flags: 1} (or
 * {@code d}) without a sampled header; no parent id on a root span; no sampling header when the
 * decision is not made yet.
 */
public final class B3Propagation implements Propagation {
  static final String B3 = "b3";
  static final String TRACE_ID = "x-b3-traceid";
  static final String SPAN_ID = "x-b3-spanid";
  static final String PARENT_SPAN_ID = "x-b3-parentspanid";
  static final String SAMPLED = "x-b3-sampled";
  static final String FLAGS = "x-b3-flags";
  private static final List<String> KEYS = List.of(B3, TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SAMPLED, FLAGS);

  private static final B3Propagation MULTI = new B3Propagation(false);
  private static final B3Propagation SINGLE = new B3Propagation(true);

  private final boolean injectSingle;

  private B3Propagation(boolean injectSingle) {
    this.injectSingle = injectSingle;
  }

  /** Injects the {@code X-B3-*} headers, understood by every B3 implementation. */
  public static B3Propagation multi() {
    return MULTI;
  }

  /** Injects the one {@code b3} header, smaller, for systems that limit header count. */
  public static B3Propagation single() {
    return SINGLE;
  }

  /**
   * This B3 propagation, plus W3C {@code traceparent} and {@code tracestate} for the traces that
   * have a {@code tracestate}: for carriers that carry the trace in B3 only, such as Kafka records
   * and Vert.x event-bus messages, where another tracing system's {@code tracestate} entries
   * (received from an OpenTelemetry client, say) would otherwise be lost at the next hop. W3C
   * Trace Context defines {@code tracestate} only beside a {@code traceparent} of the same trace,
   * so that is how it travels.
   *
   * <p>Writing: the B3 headers; then, when and only when {@link TraceContext#traceState()} is
   * not null, {@code traceparent} and {@code tracestate} too. A trace without one is written
   * exactly as by this propagation alone, so B3 readers (Brave) and the size of every other
   * message are unaffected.
   *
   * <p>Reading: B3 decides the context, as this propagation alone does; {@code traceparent} is
   * not read when B3 finds no context. When it does, a valid {@code traceparent} with the same
   * trace id and span id adds its {@code tracestate} (validated, dropped whole when invalid) and
   * its random-trace-id flag to the context; one naming another span is ignored entirely (the
   * rule of {@link CompositePropagation}). Its {@code keys()} list the two W3C headers after the
   * B3 ones, so that code clearing a carrier's trace headers clears them too.
   *
   * <p>ziptrace's Kafka tracing uses {@code single().withTraceState()}, and so does the Vert.x
   * event bus by default; use it for another message transport that should stay readable by B3
   * readers.
   */
  public Propagation withTraceState() {
    return injectSingle ? B3WithTraceState.SINGLE : B3WithTraceState.MULTI;
  }

  @Override
  public List<String> keys() {
    return KEYS;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    if (injectSingle) {
      setter.set(carrier, B3, B3SingleFormat.write(context));
      return;
    }
    setter.set(carrier, TRACE_ID, context.traceIdString());
    setter.set(carrier, SPAN_ID, context.spanIdString());
    if (context.parentId() != 0L) setter.set(carrier, PARENT_SPAN_ID, context.parentIdString());
    if (context.debug()) {
      setter.set(carrier, FLAGS, "1");
    } else if (context.sampled() != null) {
      setter.set(carrier, SAMPLED, context.sampled() ? "1" : "0");
    }
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    Map<?, ?> plainMap = MapHeaders.plainMap(carrier, getter);
    IncomingContext extracted = plainMap == null ? null : B3FromMap.extract(plainMap);
    if (extracted != null) return extracted;
    String single = SafeHeaders.get(carrier, getter, B3);
    if (single != null && (extracted = B3SingleFormat.parse(single)) != null) return extracted;
    String flags = SafeHeaders.get(carrier, getter, FLAGS);
    String sampled = SafeHeaders.get(carrier, getter, SAMPLED);
    String traceId = SafeHeaders.get(carrier, getter, TRACE_ID);
    String spanId = SafeHeaders.get(carrier, getter, SPAN_ID);
    boolean hasIds = traceId != null && spanId != null;
    String parentId = hasIds ? SafeHeaders.get(carrier, getter, PARENT_SPAN_ID) : null;
    return extractMulti(flags, sampled, traceId, spanId, parentId);
  }

  /**
   * The context in these header values ({@code null} when absent): the {@code b3} header's
   * when valid, else the {@code X-B3-*} headers'.
   */
  static IncomingContext extract(String single, String flags, String sampled, String traceId, String spanId,
      String parentId) {
    IncomingContext extracted = single == null ? null : B3SingleFormat.parse(single);
    return extracted != null ? extracted : extractMulti(flags, sampled, traceId, spanId, parentId);
  }

  private static IncomingContext extractMulti(String flags, String sampledValue, String traceId, String spanId,
      String parentId) {
    boolean debug = "1".equals(flags);
    Boolean sampled = parseSampled(sampledValue);
    if (traceId == null && spanId == null) return IncomingContext.samplingOnly(sampled, debug);
    if (traceId == null || spanId == null) return IncomingContext.EMPTY;
    TraceContext.Builder context = TraceContext.builder();
    if (!B3Ids.traceId(traceId, 0, traceId.length(), context)) return IncomingContext.EMPTY;
    long span = B3Ids.id(spanId, 0, spanId.length());
    if (span == 0L) return IncomingContext.EMPTY;
    context.spanId(span);
    if (parentId != null) {
      long parent = B3Ids.id(parentId, 0, parentId.length());
      if (parent == 0L) return IncomingContext.EMPTY;
      context.parentId(parent);
    }
    if (debug) context.debug(true);
    else context.sampled(sampled);
    return IncomingContext.of(context.build());
  }

  /** {@code 1}/{@code true} or {@code 0}/{@code false}; {@code null} for anything else. */
  static Boolean parseSampled(String value) {
    if (value == null) return null;
    if (value.equals("1") || value.equalsIgnoreCase("true")) return Boolean.TRUE;
    if (value.equals("0") || value.equalsIgnoreCase("false")) return Boolean.FALSE;
    return null;
  }

  @Override
  public String toString() {
    return injectSingle ? "B3Propagation.single()" : "B3Propagation.multi()";
  }
}
