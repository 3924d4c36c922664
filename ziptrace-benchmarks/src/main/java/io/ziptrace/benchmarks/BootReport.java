package io.ziptrace.benchmarks;

import io.ziptrace.benchmarks.BootOverhead.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prints {@link BootOverhead}'s tables: each variant's figures (the median of its phases),
 * ziptrace against Brave (from those, and round by round, to show the noise), then every phase.
 */
final class BootReport {
  private BootReport() {}

  /** {@code phases}: each variant's phases in round order, the untraced, ziptrace and Brave ones among them. */
  static void print(Map<Variant, List<BootLoad>> phases) {
    Map<Variant, BootFigures> medians = new LinkedHashMap<>();
    phases.forEach((variant, loads) -> medians.put(variant, BootFigures.median(loads)));
    BootFigures untraced = medians.get(BootOverhead.UNTRACED);
    System.out.println("Each figure is the median of the variant's " + phases.get(BootOverhead.UNTRACED).size()
        + " phases.");
    System.out.println();
    System.out.println(BootFigures.HEADER);
    medians.forEach((variant, figures) -> System.out.println(figures.row(variant.name())));
    medians.forEach((variant, figures) -> {
      if (figures != untraced) System.out.println(figures.ratioRow(variant.name() + " / untraced", untraced));
    });

    System.out.println();
    System.out.println("| ziptrace against Brave | ziptrace | Brave | ziptrace / Brave | round by round | target | met |");
    System.out.println("|---|---:|---:|---:|---|---|---|");
    List<Map<Variant, BootFigures>> rounds = rounds(phases);
    BootFigures ziptrace = medians.get(BootOverhead.ZIPTRACE);
    BootFigures brave = medians.get(BootOverhead.BRAVE);
    System.out.printf(Locale.ROOT, "| requests/s | %.0f | %.0f | %.3fx | %s | ≥ 1.00x | %s |%n", ziptrace.perSecond(),
        brave.perSecond(), ziptrace.throughputOver(brave), byRound(rounds, BootReport::throughputRatio),
        met(ziptrace.throughputOver(brave) >= 1));
    double ziptraceP99 = ziptrace.addedP99Micros(untraced);
    double braveP99 = brave.addedP99Micros(untraced);
    System.out.printf(Locale.ROOT, "| p99 added to untraced | %+.0f µs | %+.0f µs | %s | %s | ≤ Brave's | %s |%n",
        ziptraceP99, braveP99, ratio(ziptraceP99, braveP99), byRound(rounds, BootReport::addedP99Ratio),
        met(ziptraceP99 <= braveP99));
    double ziptraceCpu = ziptrace.cpuMicrosPerSpanOver(untraced);
    double braveCpu = brave.cpuMicrosPerSpanOver(untraced);
    System.out.printf(Locale.ROOT, "| CPU per span delivered to Zipkin | %.1f µs | %.1f µs | %s | %s | ≤ 0.50x | %s |%n",
        ziptraceCpu, braveCpu, ratio(ziptraceCpu, braveCpu), byRound(rounds, BootReport::cpuPerSpanRatio),
        met(ziptraceCpu <= 0.5 * braveCpu));

    System.out.println();
    System.out.println("Each phase, in the order run:");
    System.out.println();
    System.out.println(BootFigures.HEADER.replace("| variant |", "| round, variant |"));
    for (int round = 0; round < rounds.size(); round++) {
      for (Map.Entry<Variant, BootFigures> phase : rounds.get(round).entrySet()) {
        System.out.println(phase.getValue().row((round + 1) + ", " + phase.getKey().name()));
      }
    }
  }

  /** The figures of each round's phases, by variant, in the order they ran (each round starts one variant later). */
  private static List<Map<Variant, BootFigures>> rounds(Map<Variant, List<BootLoad>> phases) {
    List<Variant> variants = new ArrayList<>(phases.keySet());
    int count = phases.get(variants.get(0)).size();
    List<Map<Variant, BootFigures>> rounds = new ArrayList<>();
    for (int round = 0; round < count; round++) {
      Map<Variant, BootFigures> inOrder = new LinkedHashMap<>();
      for (int k = 0; k < variants.size(); k++) {
        Variant variant = variants.get((round + k) % variants.size());
        inOrder.put(variant, phases.get(variant).get(round).figures());
      }
      rounds.add(inOrder);
    }
    return rounds;
  }

  private static double throughputRatio(Map<Variant, BootFigures> round) {
    return round.get(BootOverhead.ZIPTRACE).throughputOver(round.get(BootOverhead.BRAVE));
  }

  private static double addedP99Ratio(Map<Variant, BootFigures> round) {
    BootFigures untraced = round.get(BootOverhead.UNTRACED);
    double brave = round.get(BootOverhead.BRAVE).addedP99Micros(untraced);
    return brave > 0 ? round.get(BootOverhead.ZIPTRACE).addedP99Micros(untraced) / brave : Double.NaN;
  }

  private static double cpuPerSpanRatio(Map<Variant, BootFigures> round) {
    BootFigures untraced = round.get(BootOverhead.UNTRACED);
    double brave = round.get(BootOverhead.BRAVE).cpuMicrosPerSpanOver(untraced);
    return brave > 0 ? round.get(BootOverhead.ZIPTRACE).cpuMicrosPerSpanOver(untraced) / brave : Double.NaN;
  }

  private static String byRound(List<Map<Variant, BootFigures>> rounds, ToDoubleFunction<Map<Variant, BootFigures>> ratio) {
    List<String> values = new ArrayList<>();
    for (Map<Variant, BootFigures> round : rounds) {
      double value = ratio.applyAsDouble(round);
      values.add(Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2fx", value));
    }
    return String.join(", ", values);
  }

  /** {@code a / b}, or n/a when {@code b} is not positive (a ratio to a negative cost means nothing). */
  private static String ratio(double a, double b) {
    return b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "n/a";
  }

  private static String met(boolean met) {
    return met ? "yes" : "NO";
  }
}
