package io.ziptrace.reporting.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Aborts POSTs that outlive the request timeout. A blocking socket's read timeout does not
 * bound a write to a collector that stopped reading, so each POST gets a deadline, checked by
 * one daemon thread (started on first use, stopped by {@link #close()}) every eighth of the
 * timeout, and at least once a second: a POST is aborted within that much after its deadline.
 * Checking at a fixed rate rather than scheduling a task per POST keeps the thread asleep
 * between checks instead of waking it for every message.
 */
final class RequestDeadlines {
  private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long timeoutNanos;
  private final long periodNanos;
  private final Set<Deadline> running = ConcurrentHashMap.newKeySet();
  private ScheduledThreadPoolExecutor timer; // guarded by this
  private boolean closed; // guarded by this

  RequestDeadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.periodNanos = Math.max(1, Math.min(MAX_PERIOD_NANOS, timeoutNanos / 8));
  }

  /** Runs {@code abort} once the timeout has passed, unless the returned deadline is met first. */
  Deadline start(Runnable abort) {
    Deadline deadline = new Deadline(abort, System.nanoTime() + timeoutNanos);
    running.add(deadline);
    startTimer();
    return deadline;
  }

  /** Stops the thread; deadlines started later never expire. */
  synchronized void close() {
    closed = true;
    if (timer != null) timer.shutdownNow();
  }

  private synchronized void startTimer() {
    if (closed || timer != null) return;
    timer = new ScheduledThreadPoolExecutor(1, work -> {
      Thread thread = new Thread(work, "ziptrace-http-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::expireOverdue, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void expireOverdue() {
    long now = System.nanoTime();
    for (Deadline deadline : running) {
      if (now - deadline.dueNanos >= 0) deadline.expire();
    }
  }

  /** One POST's deadline: either met or expired, never both. */
  final class Deadline {
    private static final int RUNNING = 0;
    private static final int MET = 1;
    private static final int EXPIRED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Runnable abort;
    private final long dueNanos;

    private Deadline(Runnable abort, long dueNanos) {
      this.abort = abort;
      this.dueNanos = dueNanos;
    }

    /** Whether the timeout passed before the POST ended, and so aborted it. */
    boolean expired() {
      return state.get() == EXPIRED;
    }

    /** Ends the deadline: from now on it cannot abort the POST. */
    void meet() {
      if (state.compareAndSet(RUNNING, MET)) running.remove(this);
    }

    private void expire() {
      if (!state.compareAndSet(RUNNING, EXPIRED)) return;
      running.remove(this);
      try {
        abort.run();
      } catch (RuntimeException e) {
        // the connection is broken either way; the timer must go on checking the others
      }
    }
  }
}
