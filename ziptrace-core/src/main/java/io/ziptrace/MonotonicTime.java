package io.ziptrace;

import java.util.function.LongSupplier;

/**
 * Epoch microseconds on one timeline: the monotonic clock counted from a single reading of the
 * wall clock. Spans started on {@link Clock#SYSTEM} take their timestamps from it, so a span
 * started and finished inside another's interval is recorded inside it, even when the thread
 * paused between reading the two clocks. Re-anchors when the wall clock is more than a second
 * away (it was set), which it checks at most every {@value #CHECK_INTERVAL_NANOS} ns of
 * monotonic time: a span then costs monotonic clock reads only. Thread-safe.
 */
final class MonotonicTime {
  /** The one timeline of the process, shared by every tracer on {@link Clock#SYSTEM}. */
  static final MonotonicTime SYSTEM = new MonotonicTime(System::nanoTime, Clock.SYSTEM::currentTimeMicros);

  private static final long REANCHOR_MICROS = 1_000_000L;
  /** How long a wall clock that was set may go unnoticed: 100 ms. */
  static final long CHECK_INTERVAL_NANOS = 100_000_000L;

  private record Anchor(long nanos, long epochMicros) {}

  private final LongSupplier nanoTime;
  private final LongSupplier wallMicros;
  private volatile Anchor anchor;
  /** The monotonic reading from which the wall clock is due to be compared again; racy by design. */
  private volatile long nextCheckNanos;

  MonotonicTime(LongSupplier nanoTime, LongSupplier wallMicros) {
    this.nanoTime = nanoTime;
    this.wallMicros = wallMicros;
    this.anchor = newAnchor();
    this.nextCheckNanos = anchor.nanos + CHECK_INTERVAL_NANOS;
  }

  /** The epoch microseconds of {@code nanos}, a {@link System#nanoTime()} reading. */
  long micros(long nanos) {
    long micros = onTimeline(anchor, nanos);
    if (nanos - nextCheckNanos < 0L) return micros; // a difference: nanoTime may wrap
    nextCheckNanos = nanos + CHECK_INTERVAL_NANOS;
    if (Math.abs(wallMicros.getAsLong() - micros) <= REANCHOR_MICROS) return micros;
    Anchor fresh = newAnchor(); // fresh readings: nanos may be stale if this thread paused since
    anchor = fresh;
    return onTimeline(fresh, nanos);
  }

  private Anchor newAnchor() {
    return new Anchor(nanoTime.getAsLong(), wallMicros.getAsLong());
  }

  private static long onTimeline(Anchor anchor, long nanos) {
    return anchor.epochMicros + Math.floorDiv(nanos - anchor.nanos, 1_000L);
  }
}
