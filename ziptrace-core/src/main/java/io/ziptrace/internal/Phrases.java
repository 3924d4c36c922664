package io.ziptrace.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations and counts as people read them in log lines and error messages ({@code 10 s},
 * {@code 250 ms}, {@code 1 span}), never {@code PT10S}. Internal: not part of the supported API
 * and may change in any release.
 */
public final class Phrases {
  private Phrases() {}

  /** {@code 250 ms}, {@code 1.5 s}, {@code 10 s}, {@code 5 min}, {@code 2 h}. */
  public static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) return millis + " ms";
    if (millis < 10_000 && millis % 1_000 != 0) return String.format(Locale.ROOT, "%.1f s", millis / 1_000.0);
    long seconds = duration.getSeconds();
    if (seconds < 120 || seconds % 60 != 0) return seconds + " s";
    long minutes = seconds / 60;
    if (minutes < 120 || minutes % 60 != 0) return minutes + " min";
    return minutes / 60 + " h";
  }

  /** {@code 1 span}, {@code 2 spans}: the count with the noun in the right number (plural with s). */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
