package io.ziptrace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The upper halves of new 128-bit trace ids: the epoch second in the high 32 bits, as AWS X-Ray
 * expects (it accepts ids from about the last 30 days), and 32 random bits. Thread-safe.
 *
 * <p>Reading the wall clock costs more than all the rest of an unsampled root span, and a
 * noticeable part of a sampled one, so the second is cached: updated from every span started on
 * the clock (see {@link #observe}), which read it for its timestamp anyway, and re-read for a
 * random one in {@value #REFRESH_ONE_IN} new traces. The cached second therefore lags by the time
 * since the last span started, or by the time {@value #REFRESH_ONE_IN} traces take to start when
 * none are sampled: seconds under load, and within X-Ray's window unless a process starts only a
 * few traces a month.
 */
final class TraceIdHighs {
  static final int REFRESH_ONE_IN = 64;
  private static final int REFRESH_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(REFRESH_ONE_IN);

  private final Clock clock;
  private volatile long epochSeconds; // zero until first read

  TraceIdHighs(Clock clock) {
    this.clock = clock;
  }

  /** The upper half of a new trace id. */
  long next() {
    long random = ThreadLocalRandom.current().nextLong();
    long seconds = epochSeconds;
    // The top bits of the same draw decide the refresh; the low 32 bits become the random half.
    if (seconds == 0L || random >>> REFRESH_SHIFT == 0L) {
      seconds = clock.currentTimeMicros() / 1_000_000L;
      epochSeconds = seconds;
    }
    return (seconds << 32) | (random & 0xffffffffL);
  }

  /**
   * Takes the second of {@code epochMicros}, the clock's reading for a span's start, as the
   * current one. Writes only when the second changed, so that threads starting spans at once do
   * not contend for the field.
   */
  void observe(long epochMicros) {
    long seconds = epochMicros / 1_000_000L;
    if (seconds != epochSeconds) epochSeconds = seconds;
  }
}
