package io.ziptrace.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples at most a fixed number of new traces in each one-second window, without locks: the
 * window number and the count taken in it share one atomic long.
 */
final class RateLimitedSampler implements Sampler {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int tracesPerSecond;
  private final LongSupplier nanoTime;
  private final long origin;
  /** The current window number in the high 32 bits, traces sampled in it in the low 32. */
  private final AtomicLong windowAndCount = new AtomicLong();

  RateLimitedSampler(int tracesPerSecond, LongSupplier nanoTime) {
    this.tracesPerSecond = tracesPerSecond;
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  @Override
  public boolean isSampled(long traceId) {
    long window = (nanoTime.getAsLong() - origin) / NANOS_PER_SECOND;
    while (true) {
      long current = windowAndCount.get();
      long currentWindow = current >>> 32;
      long count = current & 0xffffffffL;
      long next;
      if (window > currentWindow) {
        next = window << 32 | 1L;
      } else if (count < tracesPerSecond) {
        next = current + 1;
      } else {
        return false;
      }
      if (windowAndCount.compareAndSet(current, next)) return true;
    }
  }

  @Override
  public String toString() {
    return "Sampler.rateLimited(" + tracesPerSecond + ")";
  }
}
