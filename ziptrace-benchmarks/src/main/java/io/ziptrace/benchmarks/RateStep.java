package io.ziptrace.benchmarks;

import java.util.Locale;

/**
 * One reporter offered one steady rate for one step, into Zipkin.
 *
 * @param offered spans finished by the load thread
 * @param dropped spans the reporter counted as dropped, for any reason
 * @param dropReasons how many for each reason, when the reporter says ("" otherwise)
 * @param accepted how much Zipkin's span counter rose, once it settled (spans answered for: see
 *     {@link ZipkinStoreBacklog} for why that is not yet stored)
 * @param storeLagSeconds from the reporter's close() returning to Zipkin's store having taken
 *     everything it accepted
 * @param storeKeptUp whether that lag is small enough for the store to have kept up with the step
 *     (see {@link ZipkinStoreBacklog#keptUp})
 * @param processCpuNanos CPU time of the whole benchmark process over the step and close()
 * @param senderCpuNanos CPU time of the reporter's own threads (ziptrace only; -1 for Brave)
 * @param zipkinCpuNanos CPU time of the Zipkin server over the step and the drain
 * @param collectorBytes how much Zipkin's byte counter for the transport rose (bodies as decoded, after gunzip)
 * @param loopbackBytes bytes sent over the loopback interface meanwhile (see {@link LoopbackBytes})
 */
record RateStep(String contender, int rate, long offered, long dropped, String dropReasons, long accepted, double storeLagSeconds,
                boolean storeKeptUp,                long processCpuNanos, long senderCpuNanos, long zipkinCpuNanos, long collectorBytes, long loopbackBytes) {
  /** Nothing dropped, Zipkin counted every span offered, and its store kept up with them. */
  boolean delivered() {
    return dropped == 0 && accepted == offered && storeKeptUp;
  }

  /** "yes", or why not. */
  String verdict() {
    if (dropped != 0 || accepted != offered) return "NO";
    return storeKeptUp ? "yes" : "NO (store behind)";
  }

  static String header() {
    return "| contender | spans/s offered | spans offered | dropped | accepted by Zipkin | stored, s after close "
        + "| delivered "
        + "| client CPU µs/span | Zipkin CPU µs/span |\n"
        + "|---|---:|---:|---:|---:|---:|---|---:|---:|";
  }

  String row() {
    return String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %.2f | %s | %.2f | %.2f |", contender, rate, offered,
        dropReasons.isEmpty() ? Long.toString(dropped) : dropped + " (" + dropReasons + ")", accepted, storeLagSeconds, verdict(),
        processCpuNanos / 1e3 / Math.max(1, offered),
        zipkinCpuNanos / 1e3 / Math.max(1, accepted));
  }
}
