package io.ziptrace.benchmarks;

import io.ziptrace.benchmarks.BootOverhead.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prints {@link BootOverhead}'s tables: each variant's phases summed, ziptrace against Brave
 * (summed, and round by round, to show the noise), then every phase.
 */
final class BootReport {
  private BootReport() {}

  /** {@code phases}: each variant's phases in round order, the untraced, ziptrace and Brave ones among them. */
  static void print(Map<Variant, List<BootLoad>> phases) {
    Map<Variant, BootLoad> totals = new LinkedHashMap<>();
    phases.forEach((variant, loads) -> totals.put(variant, loads.stream().reduce(BootLoad::plus).orElseThrow()));
    BootLoad untraced = totals.get(BootOverhead.UNTRACED);
    System.out.println(BootLoad.HEADER);
    totals.forEach((variant, total) -> System.out.println(total.row(variant.name())));
    totals.forEach((variant, total) -> {
      if (total != untraced) System.out.println(total.ratioRow(variant.name() + " / untraced", untraced));
    });

    System.out.println();
    System.out.println("| ziptrace against Brave | ziptrace | Brave | ziptrace / Brave | round by round | target | met |");
    System.out.println("|---|---:|---:|---:|---|---|---|");
    List<Map<Variant, BootLoad>> rounds = rounds(phases);
    BootLoad ziptrace = totals.get(BootOverhead.ZIPTRACE);
    BootLoad brave = totals.get(BootOverhead.BRAVE);
    System.out.printf(Locale.ROOT, "| requests/s | %.0f | %.0f | %.3fx | %s | ≥ 1.00x | %s |%n", ziptrace.load().perSecond(),
        brave.load().perSecond(), ziptrace.throughputOver(brave),
        byRound(rounds, r -> r.get(BootOverhead.ZIPTRACE).throughputOver(r.get(BootOverhead.BRAVE))),
        met(ziptrace.throughputOver(brave) >= 1));
    double ziptraceP99 = ziptrace.addedP99Micros(untraced);
    double braveP99 = brave.addedP99Micros(untraced);
    System.out.printf(Locale.ROOT, "| p99 added to untraced | %+.0f µs | %+.0f µs | %s | %s | ≤ Brave's | %s |%n",
        ziptraceP99, braveP99, ratio(ziptraceP99, braveP99), byRound(rounds, r -> addedP99Ratio(r)),
        met(ziptraceP99 <= braveP99));
    double ziptraceCpu = ziptrace.cpuMicrosPerSpanOver(untraced);
    double braveCpu = brave.cpuMicrosPerSpanOver(untraced);
    System.out.printf(Locale.ROOT, "| CPU per span delivered to Zipkin | %.1f µs | %.1f µs | %s | %s | ≤ 0.50x | %s |%n",
        ziptraceCpu, braveCpu, ratio(ziptraceCpu, braveCpu), byRound(rounds, r -> cpuPerSpanRatio(r)),
        met(ziptraceCpu <= 0.5 * braveCpu));

    System.out.println();
    System.out.println("Each phase, in the order run:");
    System.out.println();
    System.out.println(BootLoad.HEADER.replace("| variant |", "| round, variant |"));
    for (int round = 0; round < rounds.size(); round++) {
      for (Map.Entry<Variant, BootLoad> phase : rounds.get(round).entrySet()) {
        System.out.println(phase.getValue().row((round + 1) + ", " + phase.getKey().name()));
      }
    }
  }

  /** The phases of each round, by variant, in the order they ran (each round starts one variant later). */
  private static List<Map<Variant, BootLoad>> rounds(Map<Variant, List<BootLoad>> phases) {
    List<Variant> variants = new ArrayList<>(phases.keySet());
    int count = phases.get(variants.get(0)).size();
    List<Map<Variant, BootLoad>> rounds = new ArrayList<>();
    for (int round = 0; round < count; round++) {
      Map<Variant, BootLoad> inOrder = new LinkedHashMap<>();
      for (int k = 0; k < variants.size(); k++) {
        Variant variant = variants.get((round + k) % variants.size());
        inOrder.put(variant, phases.get(variant).get(round));
      }
      rounds.add(inOrder);
    }
    return rounds;
  }

  private static double addedP99Ratio(Map<Variant, BootLoad> round) {
    BootLoad untraced = round.get(BootOverhead.UNTRACED);
    double brave = round.get(BootOverhead.BRAVE).addedP99Micros(untraced);
    return brave > 0 ? round.get(BootOverhead.ZIPTRACE).addedP99Micros(untraced) / brave : Double.NaN;
  }

  private static double cpuPerSpanRatio(Map<Variant, BootLoad> round) {
    BootLoad untraced = round.get(BootOverhead.UNTRACED);
    return round.get(BootOverhead.ZIPTRACE).cpuMicrosPerSpanOver(untraced)
        / round.get(BootOverhead.BRAVE).cpuMicrosPerSpanOver(untraced);
  }

  private static String byRound(List<Map<Variant, BootLoad>> rounds, ToDoubleFunction<Map<Variant, BootLoad>> ratio) {
    List<String> values = new ArrayList<>();
    for (Map<Variant, BootLoad> round : rounds) {
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
