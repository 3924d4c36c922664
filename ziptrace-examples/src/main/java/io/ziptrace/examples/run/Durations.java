package io.ziptrace.examples.run;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations written the way people read them: {@code 150 ms}, {@code 30 s}, {@code 2 min}. */
final class Durations {
  private Durations() {}

  /**
   * The duration in the largest unit that states it exactly: milliseconds below one second,
   * seconds (with decimals if needed) below two minutes or when not whole minutes, then minutes,
   * then hours.
   */
  static String readable(Duration duration) {
    long millis = duration.toMillis();
    if (Math.abs(millis) < 1000) return millis + " ms";
    if (millis % 1000 != 0) return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    long seconds = millis / 1000;
    if (Math.abs(seconds) < 120 || seconds % 60 != 0) return seconds + " s";
    long minutes = seconds / 60;
    if (Math.abs(minutes) < 120 || minutes % 60 != 0) return minutes + " min";
    return minutes / 60 + " h";
  }
}
