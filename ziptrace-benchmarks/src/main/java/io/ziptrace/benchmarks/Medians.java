package io.ziptrace.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Medians of a benchmark's phases and rounds, which set aside a phase that other work on the machine disturbed. */
final class Medians {
  private Medians() {}

  /** The median; the mean of the middle two for an even count. */
  static double of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The values in order, each formatted by {@code format} after multiplying by {@code scale}: a round-by-round list. */
  static String list(double[] values, double scale, String format) {
    StringBuilder out = new StringBuilder();
    for (double value : values) {
      if (out.length() > 0) out.append(", ");
      out.append(String.format(Locale.ROOT, format, value * scale));
    }
    return out.toString();
  }
}
