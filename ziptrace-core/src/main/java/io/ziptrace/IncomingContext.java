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
  // The decision in one byte rather than a Boolean and a boolean: every extract builds one of these.
  private static final byte DECIDED = 1;
  private static final byte SAMPLED_BIT = 2;
  private static final byte DEBUG_BIT = 4;

  private final TraceContext context;
  private final byte decision;
  private final BaggageValues baggage; // without a context; a context carries its own

  private IncomingContext(TraceContext context, Boolean sampled, boolean debug) {
    this(context, sampled, debug, BaggageValues.EMPTY);
  }

  private IncomingContext(TraceContext context, Boolean sampled, boolean debug, BaggageValues baggage) {
    this.context = context;
    this.decision = (byte) ((sampled == null ? 0 : sampled ? DECIDED | SAMPLED_BIT : DECIDED) | (debug ? DEBUG_BIT : 0));
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
    if ((decision & DECIDED) == 0) return null;
    return (decision & SAMPLED_BIT) != 0 ? Boolean.TRUE : Boolean.FALSE;
  }

  /** True when the caller asked for a debug trace. */
  public boolean debug() {
    return (decision & DEBUG_BIT) != 0;
  }

  /**
   * This incoming context with baggage {@code field} set to {@code value} (removed when null):
   * on the context when there is one, else kept for the trace the receiver starts. Used by
   * propagation; a null {@code field} is ignored.
   */
  public IncomingContext withBaggage(BaggageField field, String value) {
    if (field == null) return this;
    if (context != null) return new IncomingContext(context.withBaggage(field, value), sampled(), debug());
    BaggageValues changed = baggage.with(field, value);
    return changed == baggage ? this : new IncomingContext(null, sampled(), debug(), changed);
  }

  /**
   * This incoming context without the baggage that came with it (on its context or without one):
   * for a request whose caller may not set baggage. Itself when there is none.
   */
  public IncomingContext withoutBaggage() {
    if (context != null) {
      TraceContext bare = context.withoutBaggage();
      return bare == context ? this : new IncomingContext(bare, sampled(), debug());
    }
    return baggage.isEmpty() ? this : new IncomingContext(null, sampled(), debug());
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
    return context == null && decision == 0;
  }

  @Override
  public String toString() {
    if (context != null) return "IncomingContext{" + context + "}";
    return "IncomingContext{sampled=" + sampled() + ", debug=" + debug() + (baggage.isEmpty() ? "" : ", baggage=" + baggage) + "}";
  }
}
