package io.ziptrace;

import java.time.Instant;

/** The source of span timestamps, replaceable in tests. */
@FunctionalInterface
public interface Clock {
  /**
   * The system clock. Spans started and finished on it take their timestamps, durations and
   * annotation times from the monotonic {@link System#nanoTime()}, counted from one reading of
   * this clock, so wall-clock adjustments never distort durations and a span that runs inside
   * another is recorded inside it.
   */
  Clock SYSTEM = () -> {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
  };

  /** Microseconds since the epoch. */
  long currentTimeMicros();
}
