package io.ziptrace.reporting;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * The reporter's background thread: takes the next batch when it is due and delivers it, until
 * the reporter closes. The thread is started by the first span reported, not before, so a
 * reporter that is never used never owns a thread.
 */
final class Flusher {
  private final PendingSpans pending;
  private final Deliverer deliverer;
  private final long sendIntervalNanos;
  private final ThreadFactory threadFactory;
  private final ReporterLog log;
  /** Set once, when the thread has started; read without a lock on every report. */
  private volatile Thread thread;
  /** Guarded by this: the factory failed, and is not asked again. */
  private boolean failed;

  Flusher(PendingSpans pending, Deliverer deliverer, Duration sendInterval, ThreadFactory threadFactory, ReporterLog log) {
    this.pending = pending;
    this.deliverer = deliverer;
    this.sendIntervalNanos = sendInterval.toNanos();
    this.threadFactory = threadFactory;
    this.log = log;
  }

  /**
   * Starts the thread unless it already runs or the reporter is closed (then no thread is
   * needed: the queue refuses spans). Thread-safe; the factory is asked at most once. Never throws.
   *
   * @return false when the thread could not be started, now or before: spans cannot be sent
   */
  boolean ensureStarted() {
    return thread != null || startOnce();
  }

  private synchronized boolean startOnce() {
    if (thread != null) return true;
    if (failed) return false;
    if (pending.isClosed()) return true; // the queue refuses the span as CLOSED; no thread needed
    try {
      Thread started = threadFactory.newThread(this::flushLoop);
      if (started == null) throw new IllegalStateException("the thread factory returned null");
      started.start();
      thread = started;
      return true;
    } catch (RuntimeException | OutOfMemoryError e) { // Thread.start throws OOME when the OS refuses a thread
      failed = true;
      log.warn("could not start the reporter's thread: spans for " + log.destination() + " will be dropped: " + e);
      return false;
    }
  }

  /**
   * Waits up to {@code timeout} for the thread to finish sending after close, then interrupts a
   * send stuck past it and waits a little more. Returns at once if the thread never started.
   */
  void awaitStop(Duration timeout) {
    Thread running;
    synchronized (this) { // a start in progress completes first, so its thread is joined too
      running = thread;
    }
    if (running == null) return;
    try {
      running.join(Math.max(1, timeout.toMillis()));
      if (running.isAlive()) {
        running.interrupt();
        running.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flushLoop() {
    long lastSend = System.nanoTime();
    for (Batch batch; (batch = pending.awaitNextBatch(lastSend + sendIntervalNanos)) != null; ) {
      lastSend = System.nanoTime();
      deliverer.deliver(batch);
    }
  }
}
