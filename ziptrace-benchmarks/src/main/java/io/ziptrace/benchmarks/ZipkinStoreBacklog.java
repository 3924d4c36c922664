package io.ziptrace.benchmarks;

import io.ziptrace.examples.run.ZipkinProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spans a Zipkin server has accepted but not yet stored. Zipkin answers a POST as soon as it
 * has decoded the spans (its span counter rises then) and hands the storing to its blocking task
 * executor, a pool of up to 200 threads with an unbounded queue. A load faster than its store is
 * therefore answered at full speed while that executor's work piles up: back to back over 8
 * connections for 5 s (docs/benchmarks.md, run H), Zipkin answered for 147,924 spans/s and its
 * store finished 7.85 s after the last answer. So "accepted" (answered and counted) is not "stored"; this reads
 * the executor's running and queued tasks from {@code /prometheus} to tell when the store has
 * caught up.
 */
final class ZipkinStoreBacklog {
  private static final Pattern TASKS = Pattern.compile(
      "^armeria_executor_(active_threads|queued_tasks)\\{name=\"blockingTaskExecutor\",?\\} ([0-9.E+-]+)$",
      Pattern.MULTILINE);
  /** How often the backlog is read while waiting: one read renders all of Zipkin's metrics (about 24 KB). */
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final ZipkinProcess zipkin;

  /**
   * Whether a store that finished {@code lagSeconds} after a load's last answer kept up with a load
   * of {@code step}: within a tenth of it. A store further behind was taking the load slower than it
   * came, and would have fallen ever further behind had the load gone on.
   */
  static boolean keptUp(double lagSeconds, Duration step) {
    return lagSeconds <= allowedLagSeconds(step);
  }

  /** The most a store may finish after a load of {@code step} and still count as having kept up: a tenth of it. */
  static double allowedLagSeconds(Duration step) {
    return step.toNanos() / 1e9 / 10;
  }

  ZipkinStoreBacklog(ZipkinProcess zipkin) {
    this.zipkin = zipkin;
  }

  /** Store tasks running or queued now: each holds one accepted message whose spans are not all stored. */
  int tasks() throws IOException, InterruptedException {
    String metrics = ZipkinPages.read(zipkin, "/prometheus");
    Matcher m = TASKS.matcher(metrics);
    int found = 0;
    double tasks = 0;
    while (m.find()) {
      tasks += Double.parseDouble(m.group(2));
      found++;
    }
    if (found != 2) {
      throw new IllegalStateException("Zipkin at " + zipkin.baseUrl() + " exports no armeria_executor_active_threads and "
          + "armeria_executor_queued_tasks for its blockingTaskExecutor on /prometheus: cannot tell when it has stored "
          + "what it accepted");
    }
    return (int) tasks;
  }

  /**
   * Waits until no store task is running or queued, polling every 50 ms.
   *
   * @return {@link System#nanoTime()} when the backlog was first seen empty
   * @throws IllegalStateException if the store is still behind after 120 s
   */
  long awaitEmpty() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (tasks() > 0) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("Zipkin's store still has work queued " + TIMEOUT.toSeconds() + " s later");
      }
      Thread.sleep(POLL.toMillis()); // Zipkin's metrics offer no notification
    }
    return System.nanoTime();
  }
}
