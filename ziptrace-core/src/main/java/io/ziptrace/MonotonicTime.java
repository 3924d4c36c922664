package io.ziptrace;

import java.util.function.LongSupplier;

/**
 * Epoch microseconds on one timeline: the monotonic clock counted from a single reading of the
 * wall clock. Spans started on {@link Clock#SYSTEM} take their timestamps from it, so a span
 * started and finished inside another's interval is recorded inside it, even when the thread
 * paused between reading the two clocks. Re-anchors when the wall clock is more than a second
 * away (it was set). Thread-safe.
 */
final class MonotonicTime {
  /** The one timeline of the process, shared by every tracer on {@link Clock#SYSTEM}. */
  static final MonotonicTime SYSTEM = new MonotonicTime(System::nanoTime, Clock.SYSTEM::currentTimeMicros);

  private static final long REANCHOR_MICROS = 1_000_000L;

  private record Anchor(long nanos, long epochMicros) {}

  private final LongSupplier nanoTime;
  private final LongSupplier wallMicros;
  private volatile Anchor anchor;

  MonotonicTime(LongSupplier nanoTime, LongSupplier wallMicros) {
    this.nanoTime = nanoTime;
    this.wallMicros = wallMicros;
    this.anchor = newAnchor();
  }

  /** The epoch microseconds of {@code nanos}, a {@link System#nanoTime()} reading. */
  long micros(long nanos) {
    long micros = onTimeline(anchor, nanos);
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
