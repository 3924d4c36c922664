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

  /**
   * Samples the share {@code rate} (0.0 to 1.0) of traces, decided by the trace id, so that
   * every service using the same rate agrees on each trace.
   *
   * @throws IllegalArgumentException when the rate is NaN or outside 0.0 to 1.0
   */
  static Sampler ratio(double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("sample rate " + rate + " is not between 0.0 (record nothing) and 1.0 (record every trace)");
    }
    if (rate == 0.0) return NEVER;
    if (rate == 1.0) return ALWAYS;
    return new RatioSampler(rate);
  }

  /**
   * Samples at most {@code tracesPerSecond} new traces in each second, whatever the traffic.
   *
   * @throws IllegalArgumentException when the limit is negative
   */
  static Sampler rateLimited(int tracesPerSecond) {
    if (tracesPerSecond < 0) throw new IllegalArgumentException("tracesPerSecond must not be negative: " + tracesPerSecond);
    if (tracesPerSecond == 0) return NEVER;
    return new RateLimitedSampler(tracesPerSecond, System::nanoTime);
  }
}
