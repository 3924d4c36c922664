package io.ziptrace.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A Boot application's figures under load: of one phase, or each the median of several phases,
 * which sets aside a phase that other work on the machine disturbed.
 */
record BootFigures(double perSecond, double p50Micros, double p99Micros, double cpuMicrosPerRequest,
    double spansPerRequest, double zipkinCpuMicrosPerSpan) {
  /** The header of the table {@link #row} and {@link #ratioRow} print rows of. */
  static final String HEADER = "| variant | requests/s | p50 µs | p99 µs | CPU µs per request | spans delivered per request"
      + " | Zipkin CPU µs per span |\n|---|---:|---:|---:|---:|---:|---:|";

  /** Each figure the median of {@code phases}' (the mean of the middle two for an even count). */
  static BootFigures median(List<BootLoad> phases) {
    List<BootFigures> all = phases.stream().map(BootLoad::figures).toList();
    return new BootFigures(median(all, BootFigures::perSecond), median(all, BootFigures::p50Micros),
        median(all, BootFigures::p99Micros), median(all, BootFigures::cpuMicrosPerRequest),
        median(all, BootFigures::spansPerRequest), median(all, BootFigures::zipkinCpuMicrosPerSpan));
  }

  private static double median(List<BootFigures> all, ToDoubleFunction<BootFigures> figure) {
    return Medians.of(all.stream().mapToDouble(figure).toArray());
  }

  /**
   * The CPU time this traced application spent per span delivered beyond what {@code untraced}
   * spent per request: (CPU per request - untraced CPU per request) / spans per request.
   */
  double cpuMicrosPerSpanOver(BootFigures untraced) {
    return (cpuMicrosPerRequest - untraced.cpuMicrosPerRequest) / spansPerRequest;
  }

  double addedP99Micros(BootFigures untraced) {
    return p99Micros - untraced.p99Micros;
  }

  double throughputOver(BootFigures other) {
    return perSecond / other.perSecond;
  }

  String row(String name) {
    return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.1f | %.3f | %s |", name, perSecond, p50Micros,
        p99Micros, cpuMicrosPerRequest, spansPerRequest,
        Double.isNaN(zipkinCpuMicrosPerSpan) ? "" : String.format(Locale.ROOT, "%.1f", zipkinCpuMicrosPerSpan));
  }

  /** These figures against {@code untraced}: the throughput ratio, the latencies and CPU time added. */
  String ratioRow(String name, BootFigures untraced) {
    return String.format(Locale.ROOT, "| %s | %.3fx | %+.0f µs | %+.0f µs | %+.1f µs | | |", name,
        throughputOver(untraced), p50Micros - untraced.p50Micros, addedP99Micros(untraced),
        cpuMicrosPerRequest - untraced.cpuMicrosPerRequest);
  }
}
