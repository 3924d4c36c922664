package io.ziptrace.benchmarks;

/**
 * One phase of load on a Boot application: the requests and their latencies, the child JVM's CPU
 * time over them (until it went quiet after the load, so its reporter's sending counts), the
 * spans Zipkin counted from them and Zipkin's CPU time meanwhile.
 */
record BootLoad(LoopbackLoad load, long cpuNanos, long spans, long zipkinCpuNanos) {
  /** This phase's figures. */
  BootFigures figures() {
    int requests = load.requests();
    return new BootFigures(load.perSecond(), load.percentile(50), load.percentile(99), cpuNanos / 1e3 / requests,
        spans / (double) requests, spans == 0 ? Double.NaN : zipkinCpuNanos / 1e3 / spans);
  }
}
