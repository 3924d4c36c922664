package io.ziptrace;

/**
 * What an incoming request said about tracing: a full {@link TraceContext}, only a sampling
 * decision (B3's sampling-only and debug-only forms), or nothing; and the baggage it carried,
 * which may come without a trace context. Pass it to {@code Tracer.nextSpan(IncomingContext)},
 * which joins, starts a trace with the given decision, or starts a fresh trace accordingly, the
 * baggage kept on the span's context either way.
 */
public final class IncomingContext {
  /** Nothing usable was found. */
  public static final IncomingContext EMPTY = new IncomingContext(null, null, false);
  private static final IncomingContext SAMPLED = new IncomingContext(null, Boolean.TRUE, false);
  private static final IncomingContext NOT_SAMPLED = new IncomingContext(null, Boolean.FALSE, false);
  private static final IncomingContext DEBUG = new IncomingContext(null, Boolean.TRUE, true);

  private final TraceContext context;
  private final Boolean sampled;
  private final boolean debug;
  private final BaggageValues baggage; // without a context; a context carries its own

  private IncomingContext(TraceContext context, Boolean sampled, boolean debug) {
    this(context, sampled, debug, BaggageValues.EMPTY);
  }

  private IncomingContext(TraceContext context, Boolean sampled, boolean debug, BaggageValues baggage) {
    this.context = context;
    this.sampled = sampled;
    this.debug = debug;
    this.baggage = baggage;
  }

  /** An incoming context. */
  public static IncomingContext of(TraceContext context) {
    if (context == null) return EMPTY;
    return new IncomingContext(context, context.sampled(), context.debug());
  }

  /** Only a sampling decision: {@code debug} implies sampled; {@code null} sampled and no debug is empty. */
  public static IncomingContext samplingOnly(Boolean sampled, boolean debug) {
    if (debug) return DEBUG;
    if (sampled == null) return EMPTY;
    return sampled ? SAMPLED : NOT_SAMPLED;
  }

  /** The incoming context, or {@code null} when the request carried no (valid) ids. */
  public TraceContext context() {
    return context;
  }

  /** The incoming sampling decision, or {@code null} when undecided. */
  public Boolean sampled() {
    return sampled;
  }

  /** True when the caller asked for a debug trace. */
  public boolean debug() {
    return debug;
  }

  /**
   * This incoming context with baggage {@code field} set to {@code value} (removed when null):
   * on the context when there is one, else kept for the trace the receiver starts. Used by
   * propagation; a null {@code field} is ignored.
   */
  public IncomingContext withBaggage(BaggageField field, String value) {
    if (field == null) return this;
    if (context != null) return new IncomingContext(context.withBaggage(field, value), sampled, debug);
    BaggageValues changed = baggage.with(field, value);
    return changed == baggage ? this : new IncomingContext(null, sampled, debug, changed);
  }

  /** The value of baggage {@code field} that came with the request, or null. */
  public String baggage(BaggageField field) {
    if (field == null) return null;
    return context != null ? context.baggage(field) : baggage.get(field);
  }

  /** The baggage for a trace started from this incoming context (it had no trace context). */
  BaggageValues baggageForNewTrace() {
    return baggage;
  }

  /**
   * True when the request carried neither ids nor a sampling decision (it may still have carried
   * baggage).
   */
  public boolean isEmpty() {
    return context == null && sampled == null && !debug;
  }

  @Override
  public String toString() {
    if (context != null) return "IncomingContext{" + context + "}";
    return "IncomingContext{sampled=" + sampled + ", debug=" + debug + (baggage.isEmpty() ? "" : ", baggage=" + baggage) + "}";
  }
}
