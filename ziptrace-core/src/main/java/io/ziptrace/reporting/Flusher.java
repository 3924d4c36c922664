package io.ziptrace.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The reporter's background threads: each takes the next batch when it is due and delivers it,
 * until the reporter closes: {@code maxConcurrentSends} threads, two by default, so as many
 * batches can be in flight at once, one being encoded at a time (see {@link PendingSpans}). Each
 * thread keeps one {@link MessageBuffer}. The threads are started by the first span reported, not
 * before, so a reporter that is never used never owns a thread.
 */
final class Flusher {
  /** How long threads still sending at the close timeout get, in all, once their sends are aborted. */
  private static final long ABORT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final PendingSpans pending;
  private final Deliverer deliverer;
  private final int threadCount;
  private final int messageMaxBytes;
  private final ThreadFactory threadFactory;
  private final ReporterLog log;
  private final Runnable onStart;
  /** Set once, when the threads have started; read without a lock on every report. */
  private volatile List<Thread> threads;
  /** Guarded by this: the factory failed for the first thread, and is not asked again. */
  private boolean failed;

  /** {@code onStart} runs once, when the threads have started (and only if one did). */
  Flusher(PendingSpans pending, Deliverer deliverer, int threadCount, int messageMaxBytes, ThreadFactory threadFactory,
      ReporterLog log, Runnable onStart) {
    this.pending = pending;
    this.deliverer = deliverer;
    this.threadCount = threadCount;
    this.messageMaxBytes = messageMaxBytes;
    this.threadFactory = threadFactory;
    this.log = log;
    this.onStart = onStart;
  }

  /**
   * Starts the threads unless they already run or the reporter is closed (then no thread is
   * needed: the queue refuses spans). Thread-safe; the factory is asked at most {@code
   * threadCount} times. Never throws.
   *
   * @return false when no thread could be started, now or before: spans cannot be sent
   */
  boolean ensureStarted() {
    return threads != null || startOnce();
  }

  private synchronized boolean startOnce() {
    if (threads != null) return true;
    if (failed) return false;
    if (pending.isClosed()) return true; // the queue refuses the span as CLOSED; no thread needed
    List<Thread> started = new ArrayList<>(threadCount);
    for (int i = 0; i < threadCount; i++) {
      try {
        Thread thread = threadFactory.newThread(this::flushLoop);
        if (thread == null) throw new IllegalStateException("the thread factory returned null");
        thread.start();
        started.add(thread);
      } catch (RuntimeException | OutOfMemoryError e) { // Thread.start throws OOME when the OS refuses a thread
        if (started.isEmpty()) {
          failed = true;
          log.warn("could not start the reporter's thread: spans for " + log.destination() + " will be dropped: " + e);
          return false;
        }
        log.warn("could start only " + started.size() + " of the reporter's " + threadCount + " threads for "
            + log.destination() + ": " + e);
        break;
      }
    }
    threads = List.copyOf(started);
    onStart.run();
    return true;
  }

  /**
   * Waits up to {@code timeoutMillis} in all for the threads to finish sending after close. Past
   * it, interrupts the threads still sending and runs {@code abortSends} (closing the sender, whose
   * blocking I/O an interrupt may not end), then waits at most a second more for them in all.
   * Returns at once if no thread started.
   */
  void awaitStop(long timeoutMillis, Runnable abortSends) {
    List<Thread> running;
    synchronized (this) { // a start in progress completes first, so its threads are joined too
      running = threads;
    }
    if (running == null) return;
    try {
      joinAll(running, System.nanoTime() + timeoutMillis * 1_000_000L);
      if (running.stream().noneMatch(Thread::isAlive)) return;
      for (Thread thread : running) thread.interrupt(); // first, so that a failing send is not logged as retried
      abortSends.run();
      joinAll(running, System.nanoTime() + ABORT_GRACE_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void joinAll(List<Thread> threads, long deadlineNanos) throws InterruptedException {
    for (Thread thread : threads) thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L));
  }

  private void flushLoop() {
    MessageBuffer buffer = new MessageBuffer(messageMaxBytes);
    for (Batch batch; (batch = pending.awaitNextBatch()) != null; ) {
      try {
        deliverer.deliver(batch, buffer);
      } finally {
        pending.encoded(); // if the batch never reached a send (its spans were dropped), or the deliverer failed
      }
    }
  }
}
