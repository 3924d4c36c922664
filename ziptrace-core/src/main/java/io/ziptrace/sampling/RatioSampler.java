package io.ziptrace.sampling;

/**
 * Samples a fixed share of traces, decided by the trace id alone: every service that sees the
 * same trace with the same rate makes the same decision, so traces are never half-recorded.
 */
final class RatioSampler implements Sampler {
  private final double rate;
  private final long threshold;

  RatioSampler(double rate) {
    this.rate = rate;
    // The low 63 bits of a random id are uniform in [0, 2^63): compare them with rate * 2^63.
    this.threshold = (long) (rate * 0x1p63);
  }

  @Override
  public boolean isSampled(long traceId) {
    return (traceId & Long.MAX_VALUE) < threshold;
  }

  @Override
  public String toString() {
    return "Sampler.ratio(" + rate + ")";
  }
}
