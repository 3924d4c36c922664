package io.ziptrace.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The reporter's background threads: each takes the next batch when it is due and delivers it,
 * until the reporter closes: {@code maxConcurrentSends} threads, two by default, so as many
 * batches can be in flight at once. Each thread keeps one {@link MessageBuffer}. The threads are started by the first span reported, not before, so a reporter that is
 * never used never owns a thread.
 */
final class Flusher {
  private final PendingSpans pending;
  private final Deliverer deliverer;
  private final int threadCount;
  private final int messageMaxBytes;
  private final ThreadFactory threadFactory;
  private final ReporterLog log;
  /** Set once, when the threads have started; read without a lock on every report. */
  private volatile List<Thread> threads;
  /** Guarded by this: the factory failed for the first thread, and is not asked again. */
  private boolean failed;

  Flusher(PendingSpans pending, Deliverer deliverer, int threadCount, int messageMaxBytes, ThreadFactory threadFactory,
      ReporterLog log) {
    this.pending = pending;
    this.deliverer = deliverer;
    this.threadCount = threadCount;
    this.messageMaxBytes = messageMaxBytes;
    this.threadFactory = threadFactory;
    this.log = log;
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
    return true;
  }

  /**
   * Waits up to {@code timeoutMillis} in all for the threads to finish sending after close, then
   * interrupts a send stuck past it and waits a little more. Returns at once if no thread started.
   */
  void awaitStop(long timeoutMillis) {
    List<Thread> running;
    synchronized (this) { // a start in progress completes first, so its threads are joined too
      running = threads;
    }
    if (running == null) return;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    try {
      for (Thread thread : running) thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
      for (Thread thread : running) thread.interrupt(); // a no-op on the threads that ended
      for (Thread thread : running) thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flushLoop() {
    MessageBuffer buffer = new MessageBuffer(messageMaxBytes);
    for (Batch batch; (batch = pending.awaitNextBatch()) != null; ) deliverer.deliver(batch, buffer);
  }
}
