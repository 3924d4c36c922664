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
    long done = 0;
    long start = System.nanoTime();
    long lengthNanos = length.toNanos();
    for (long elapsed; (elapsed = System.nanoTime() - start) < lengthNanos; ) {
      long due = perSecond * elapsed / 1_000_000_000L;
      for (; done < due; done++) work.run();
      LockSupport.parkNanos(200_000);
    }
    return done;
  }
}
