package io.ziptrace.benchmarks;

import java.util.Locale;

/**
 * A Boot application's phases under load, summed: the requests and their latencies, the child
 * JVM's CPU time over them (until it went quiet after each, so its reporter's sending counts), the
 * spans Zipkin counted from them and Zipkin's CPU time meanwhile.
 */
record BootLoad(LoopbackLoad load, long cpuNanos, long spans, long zipkinCpuNanos) {
  /** The header of the table {@link #row} and {@link #ratioRow} print rows of. */
  static final String HEADER = "| variant | requests/s | p50 µs | p99 µs | CPU µs per request | spans delivered per request"
      + " | Zipkin CPU µs per span |\n|---|---:|---:|---:|---:|---:|---:|";

  /** These phases and {@code other} together. */
  BootLoad plus(BootLoad other) {
    return new BootLoad(load.plus(other.load), cpuNanos + other.cpuNanos, spans + other.spans,
        zipkinCpuNanos + other.zipkinCpuNanos);
  }

  double cpuMicrosPerRequest() {
    return cpuNanos / 1e3 / load.requests();
  }

  /**
   * The CPU time this traced application spent per span delivered beyond what {@code untraced}
   * spent on the same requests: (CPU per request - untraced CPU per request) x requests / spans.
   */
  double cpuMicrosPerSpanOver(BootLoad untraced) {
    return (cpuMicrosPerRequest() - untraced.cpuMicrosPerRequest()) * load.requests() / spans;
  }

  double addedP99Micros(BootLoad untraced) {
    return load.percentile(99) - untraced.load.percentile(99);
  }

  double throughputOver(BootLoad other) {
    return load.perSecond() / other.load.perSecond();
  }

  String row(String name) {
    return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.1f | %.3f | %s |", name, load.perSecond(),
        load.percentile(50), load.percentile(99), cpuMicrosPerRequest(), spans / (double) load.requests(),
        spans == 0 ? "" : String.format(Locale.ROOT, "%.1f", zipkinCpuNanos / 1e3 / spans));
  }

  /** This load against {@code untraced}: the throughput ratio, the latencies and CPU time added. */
  String ratioRow(String name, BootLoad untraced) {
    return String.format(Locale.ROOT, "| %s | %.3fx | %+.0f µs | %+.0f µs | %+.1f µs | | |", name,
        throughputOver(untraced), load.percentile(50) - untraced.load.percentile(50), addedP99Micros(untraced),
        cpuMicrosPerRequest() - untraced.cpuMicrosPerRequest());
  }
}
