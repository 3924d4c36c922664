package io.ziptrace;

/**
 * What an incoming request said about tracing: a full {@link TraceContext}, only a sampling
 * decision (B3's sampling-only and debug-only forms), or nothing. Pass it to {@code
 * Tracer.nextSpan(IncomingContext)}, which joins, starts a trace with the given decision, or starts a
 * fresh trace accordingly.
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

  private IncomingContext(TraceContext context, Boolean sampled, boolean debug) {
    this.context = context;
    this.sampled = sampled;
    this.debug = debug;
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

  /** True when the request carried neither ids nor a sampling decision. */
  public boolean isEmpty() {
    return context == null && sampled == null && !debug;
  }

  @Override
  public String toString() {
    if (context != null) return "IncomingContext{" + context + "}";
    return "IncomingContext{sampled=" + sampled + ", debug=" + debug + "}";
  }
}
