package io.ziptrace.benchmarks;

import java.time.Duration;

/**
 * What one load of pre-encoded messages got from a Zipkin: how much it accepted (answered for and
 * counted), and how long it took to store all of it (see {@link ZipkinStoreBacklog}).
 *
 * @param accepted spans Zipkin counted
 * @param seconds from the first POST to the last answer
 * @param storedSeconds from the first POST to Zipkin's store having taken every accepted span
 * @param zipkinCpuNanos Zipkin's CPU time until then
 */
record StoredLoad(long accepted, double seconds, double storedSeconds, long zipkinCpuNanos) {
  /**
   * POSTs {@code load}'s messages to {@code zipkin} over {@code connections} connections for
   * {@code length}, each timed by {@code pacing}, then waits for Zipkin to store them and for its
   * counter to settle.
   */
  static StoredLoad measure(FreshZipkin zipkin, PreEncodedLoad load, int connections, Duration length, Pacing pacing)
      throws Exception {
    long before = zipkin.spans.value();
    long cpuBefore = zipkin.cpuNanos();
    long start = System.nanoTime();
    long answered = load.run(zipkin.spansUrl(), connections, length, pacing);
    double seconds = (System.nanoTime() - start) / 1e9;
    double storedSeconds = (zipkin.store.awaitEmpty() - start) / 1e9;
    long accepted = zipkin.spans.awaitRise(before, answered);
    return new StoredLoad(accepted, seconds, storedSeconds, zipkin.cpuNanos() - cpuBefore);
  }

  /** Spans accepted per second while the load ran. */
  int acceptedRate() {
    return (int) (accepted / seconds);
  }

  /** Spans stored per second, from the first POST until the store was done. */
  int storedRate() {
    return (int) (accepted / storedSeconds);
  }

  /** How long Zipkin went on storing after the last answer. */
  double storeLagSeconds() {
    return storedSeconds - seconds;
  }

  double zipkinCpuMicrosPerSpan() {
    return zipkinCpuNanos / 1e3 / Math.max(1, accepted);
  }

  /** Zipkin's CPU time over the time until it had stored everything, in cores. */
  double zipkinCores() {
    return zipkinCpuNanos / 1e9 / storedSeconds;
  }
}
