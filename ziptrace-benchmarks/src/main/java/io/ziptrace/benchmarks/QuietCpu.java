package io.ziptrace.benchmarks;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits until a process has gone quiet: under 5% of a core over half a second. A server goes on
 * working after its load stops (its reporter sends what is queued, the JIT compiles, the collector
 * runs), and a measurement of its CPU time should count that work and not the idle time after it.
 */
final class QuietCpu {
  private static final Duration WINDOW = Duration.ofMillis(500);

  private QuietCpu() {}

  /**
   * Waits (up to {@code timeout}) until {@code cpuNanos}, the process's CPU time so far, rose by
   * less than 5% of a core over a window of half a second.
   *
   * @return the CPU time at the start of that quiet window, or the last reading on a timeout
   */
  static long await(LongSupplier cpuNanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long before = cpuNanos.getAsLong();
    while (System.nanoTime() - deadline < 0) {
      Thread.sleep(WINDOW.toMillis()); // sampling CPU time, which offers no notification
      long now = cpuNanos.getAsLong();
      if (now - before < WINDOW.toNanos() / 20) return before;
      before = now;
    }
    return before;
  }
}
