package io.ziptrace.reporting.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Aborts exchanges that outlive the request timeout. A blocking socket's read timeout does not
 * bound a write to a collector that stopped reading, so each exchange gets a deadline on one
 * daemon thread, started on first use and stopped by {@link #close()}.
 */
final class RequestDeadlines {
  private final long timeoutNanos;
  private ScheduledThreadPoolExecutor timer; // guarded by this
  private boolean closed; // guarded by this

  RequestDeadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /** Runs {@code abort} once the timeout has passed, unless the returned deadline is met first. */
  Deadline start(Runnable abort) {
    Deadline deadline = new Deadline(abort);
    ScheduledThreadPoolExecutor timer = timer();
    if (timer != null) deadline.task = timer.schedule(deadline::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    return deadline;
  }

  /** Stops the thread; deadlines started later never expire. */
  synchronized void close() {
    closed = true;
    if (timer != null) timer.shutdownNow();
  }

  private synchronized ScheduledThreadPoolExecutor timer() {
    if (closed) return null;
    if (timer == null) {
      timer = new ScheduledThreadPoolExecutor(1, work -> {
        Thread thread = new Thread(work, "ziptrace-http-deadlines");
        thread.setDaemon(true);
        return thread;
      });
      timer.setRemoveOnCancelPolicy(true); // one task per message: met deadlines must not pile up
    }
    return timer;
  }

  /** One exchange's deadline: either met or expired, never both. */
  static final class Deadline {
    private static final int RUNNING = 0;
    private static final int MET = 1;
    private static final int EXPIRED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Runnable abort;
    private volatile ScheduledFuture<?> task;

    private Deadline(Runnable abort) {
      this.abort = abort;
    }

    /** Whether the timeout passed before the exchange ended, and so aborted it. */
    boolean expired() {
      return state.get() == EXPIRED;
    }

    /** Ends the deadline: from now on it cannot abort the exchange. */
    void meet() {
      if (state.compareAndSet(RUNNING, MET)) {
        ScheduledFuture<?> scheduled = task;
        if (scheduled != null) scheduled.cancel(false);
      }
    }

    private void expire() {
      if (state.compareAndSet(RUNNING, EXPIRED)) abort.run();
    }
  }
}
