package io.ziptrace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The upper halves of new 128-bit trace ids: the epoch second in the high 32 bits, as AWS X-Ray
 * expects (it accepts ids from about the last 30 days), and 32 random bits. Thread-safe.
 *
 * <p>Reading the clock costs more than all the rest of an unsampled root span, so the second is
 * cached: re-read for every sampled trace, which reads the clock for its timestamps anyway, and
 * for a random one in {@value #REFRESH_ONE_IN} of the unsampled ones. The cached second therefore
 * lags by the time {@value #REFRESH_ONE_IN} unsampled traces take to start, on average: seconds
 * under load, and within X-Ray's window unless a process starts only a few unsampled traces a
 * month.
 */
final class TraceIdHighs {
  static final int REFRESH_ONE_IN = 64;
  private static final int REFRESH_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(REFRESH_ONE_IN);

  private final Clock clock;
  private volatile long epochSeconds; // zero until first read

  TraceIdHighs(Clock clock) {
    this.clock = clock;
  }

  /** The upper half of a new trace id; {@code sampled} traces always get the clock's current second. */
  long next(boolean sampled) {
    long random = ThreadLocalRandom.current().nextLong();
    long seconds = epochSeconds;
    // The top bits of the same draw decide the refresh; the low 32 bits become the random half.
    if (sampled || seconds == 0L || random >>> REFRESH_SHIFT == 0L) {
      seconds = clock.currentTimeMicros() / 1_000_000L;
      epochSeconds = seconds;
    }
    return (seconds << 32) | (random & 0xffffffffL);
  }
}
