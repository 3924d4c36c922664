package io.ziptrace.benchmarks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Runs a unit of work at a steady rate from the calling thread, catching up after each pause. */
final class SteadyLoad {
  private SteadyLoad() {}

  /**
   * Runs {@code work} {@code perSecond} times a second for {@code length}.
   *
   * @return how many times it ran
   */
  static long run(int perSecond, Duration length, Runnable work) {
    return run(perSecond, length.toNanos(), Long.MAX_VALUE, work);
  }

  /** Runs {@code work} {@code perSecond} times a second until it ran {@code count} times. */
  static void runCount(int perSecond, long count, Runnable work) {
    run(perSecond, Long.MAX_VALUE, count, work);
  }

  private static long run(int perSecond, long lengthNanos, long count, Runnable work) {
    long done = 0;
    long start = System.nanoTime();
    for (long elapsed; (elapsed = System.nanoTime() - start) < lengthNanos && done < count; ) {
      long due = Math.min(count, perSecond * elapsed / 1_000_000_000L);
      for (; done < due; done++) work.run();
      LockSupport.parkNanos(200_000);
    }
    return done;
  }
}
