package io.ziptrace.http.jdk;

import java.time.Duration;

/** Durations as people read them in log lines: {@code 5 min}, {@code 30 s}, {@code 250 ms}. */
final class Durations {
  private Durations() {}

  static String readable(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis > 0) return millis / 60_000 + " min";
    if (millis % 1_000 == 0 && millis > 0) return millis / 1_000 + " s";
    return millis + " ms";
  }
}
