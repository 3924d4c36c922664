package io.ziptrace.sampling;

/**
 * Decides whether a new trace is recorded. Consulted only at the root of a trace, or when an
 * incoming request carried no decision; the decision then travels with the context.
 */
@FunctionalInterface
public interface Sampler {
  /** Records every trace. */
  Sampler ALWAYS = traceId -> true;
  /** Records no trace (unless forced or debug). */
  Sampler NEVER = traceId -> false;

  /**
   * Returns whether to record the trace with this trace id (its lower 64 bits). Must be cheap,
   * thread-safe and must not throw.
   */
  boolean isSampled(long traceId);
}
