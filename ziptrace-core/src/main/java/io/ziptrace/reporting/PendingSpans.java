package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every span the reporter has accepted and not yet settled (sent or counted as dropped): the
 * queue, plus the batches the flushers are delivering (one per flusher thread, at most). This is
 * the reporter's only lock, and the only place that waits or wakes: application threads {@link
 * #offer} and {@link #awaitFlushed}, the flushers {@link #awaitNextBatch}, {@link #awaitRetry}
 * and {@link #settle}, and {@code close()} {@link #close} and {@link #abandon}.
 *
 * <p>Waking: a batch that falls due wakes one waiting flusher, not all of them, and a flusher that
 * has encoded its batch wakes the next if another is due. Flushers woken together for one batch
 * are all scheduled, and on a small machine one of them takes the core of the application thread
 * that woke them. Flushes and retries wait on a condition of their own, so waking them never
 * wakes a flusher.
 *
 * <p>Encoding: one flusher at a time takes a batch and encodes its (first) message; the next may
 * take a batch once that message is ready to send ({@link #encoded}). Sends overlap, as many as
 * there are flushers, but encoding takes about one core at most from the application, however
 * busy it is. (A batch whose exact size needs a second message encodes it after its first send,
 * beside the next flusher: rare, as batches are cut to fit one message by the queue's estimate.)
 *
 * <p>Memory: the queue's byte bound covers the batches in flight too, so however many flushers
 * there are, the spans held never pass {@code maxBytes}.
 *
 * <p>Accounting: {@code enqueued} counts spans ever offered successfully, {@code settled} those
 * sent or dropped since. A flush waits for {@code settled} to reach the {@code enqueued} it saw.
 * Once {@link #abandon} has counted the leftovers as dropped, a late {@link #settle} by a flusher
 * that outlived close() counts nothing, so no span is counted twice.
 */
final class PendingSpans {
  private final ReentrantLock lock = new ReentrantLock();
  /** Flushers waiting for a batch to fall due. */
  private final Condition batchDue = lock.newCondition();
  /** Flushes waiting for spans to settle, and flushers waiting to retry, which close() cuts short. */
  private final Condition settledOrClosed = lock.newCondition();
  private final Encoding encoding;
  private final int messageMaxBytes;
  private final long sendIntervalNanos;

  // Guarded by lock.
  private final SpanQueue queue;
  private int inFlightSpans;
  private long inFlightBytes;
  /** When the next partial batch is due: a send interval after the last batch taken, or after the first span. */
  private long sendAtNanos;
  private long enqueued;
  private long settled;
  private boolean flushRequested;
  /** Flushers waiting in {@link #awaitNextBatch}: a span offered while none waits wakes nobody. */
  private int flushersWaiting;
  /** A waiting flusher was signalled and has not run yet: no need to signal another for the same batch. */
  private boolean flusherSignalled;
  /** The flusher that took the last batch and has not encoded it yet, or null. */
  private Thread encodingFlusher;
  private boolean closed;
  private long closeDeadlineNanos;
  private boolean abandoned;

  /**
   * Bounds the queue by span count and bytes (bytes in flight included); cuts batches to lists of
   * at most {@code messageMaxBytes}; lets a partial batch go {@code sendIntervalNanos} after the
   * last one.
   */
  PendingSpans(int maxSpans, long maxBytes, Encoding encoding, int messageMaxBytes, long sendIntervalNanos) {
    this.queue = new SpanQueue(maxSpans, maxBytes);
    this.encoding = encoding;
    this.messageMaxBytes = messageMaxBytes;
    this.sendIntervalNanos = sendIntervalNanos;
  }

  /**
   * Queues a span of {@code size} bytes (the encoder's estimate), never blocking.
   *
   * @return null when queued, otherwise why it was refused ({@link DropReason#CLOSED} or {@link
   *     DropReason#QUEUE_FULL})
   */
  DropReason offer(FinishedSpan span, int size) {
    lock.lock();
    try {
      if (closed) return DropReason.CLOSED;
      if (!queue.offer(span, size, inFlightBytes)) return DropReason.QUEUE_FULL;
      if (enqueued++ == 0) sendAtNanos = System.nanoTime() + sendIntervalNanos;
      // A flusher waits without a timeout while the queue is empty, and until the send interval
      // while it is not: wake one to time its wait for this span, even while another encodes (that
      // one may then send for long); or to send a full batch now, unless one is encoding, which
      // wakes the next itself once done (encoded()).
      if (queue.size() == 1 || (encodingFlusher == null && batchIsFull())) wakeOneFlusher();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a batch should go, takes it from the queue and marks it in flight. A batch goes
   * when it fills a message, when the send interval has passed since the last batch was taken (by
   * any flusher), or at once when a flush is requested or the reporter is closing.
   *
   * @return the batch, or null when the flusher should stop: closed and nothing left, the close
   *     deadline passed, or interrupted
   */
  Batch awaitNextBatch() {
    lock.lock();
    try {
      while (encodingFlusher != null || !batchIsDue()) {
        if (queue.size() == 0) {
          if (closed) return null;
          flushRequested = false; // everything flushed has been taken
        }
        flushersWaiting++;
        try {
          // Until woken: while the queue is empty, or while a batch waits for the encoding one.
          if (queue.size() == 0 || (encodingFlusher != null && System.nanoTime() - sendAtNanos >= 0)) {
            batchDue.await();
          } else {
            batchDue.awaitNanos(sendAtNanos - System.nanoTime());
          }
        } finally {
          flushersWaiting--;
          flusherSignalled = false; // whichever flusher runs first looks at the queue for all
        }
      }
      if (closeDeadlinePassed()) return null;
      Batch batch = queue.drainBatch(encoding, messageMaxBytes);
      inFlightSpans += batch.size();
      inFlightBytes += batch.spanBytes();
      sendAtNanos = System.nanoTime() + sendIntervalNanos;
      encodingFlusher = Thread.currentThread();
      return batch;
    } catch (InterruptedException e) {
      return null; // close() interrupts only once its deadline passed; abandon() counts the rest
    } finally {
      lock.unlock();
    }
  }

  /**
   * The calling flusher has encoded the batch it took (or given it up): another flusher may take
   * the next one, and one waiting flusher is woken if it is due, to encode it while this one
   * sends. Does nothing when the caller is not the flusher encoding, so calling it again is
   * harmless.
   */
  void encoded() {
    lock.lock();
    try {
      if (encodingFlusher != Thread.currentThread()) return;
      encodingFlusher = null;
      if (batchIsDue()) wakeOneFlusher();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits {@code nanos} before the flusher retries a batch, less if the reporter closes meanwhile.
   *
   * @return false when the retry should not happen: the close deadline passed, or interrupted
   */
  boolean awaitRetry(long nanos) {
    long wakeAt = System.nanoTime() + nanos;
    lock.lock();
    try {
      while (!closeDeadlinePassed()) {
        // close() signals, so a retry wait started before close still ends at the deadline
        long until = closed && closeDeadlineNanos - wakeAt < 0 ? closeDeadlineNanos : wakeAt;
        long remaining = until - System.nanoTime();
        if (remaining <= 0) return !closeDeadlinePassed();
        settledOrClosed.awaitNanos(remaining);
      }
      return false;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks a batch taken by {@link #awaitNextBatch} (or part of one) as done, running {@code count}
   * (the metrics update) under the lock so that a flush never returns before the spans it waited
   * for are counted. Does nothing if {@link #abandon} already counted these spans.
   */
  void settle(Batch batch, Runnable count) {
    lock.lock();
    try {
      if (abandoned) return;
      count.run();
      inFlightSpans -= batch.size();
      inFlightBytes -= batch.spanBytes();
      settled += batch.size();
      settledOrClosed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the flusher to send everything queued now, and waits until all spans offered before
   * this call are settled, the reporter is abandoned, or {@code deadlineNanos} passes. Restores
   * the interrupt flag if interrupted.
   */
  void awaitFlushed(long deadlineNanos) {
    lock.lock();
    try {
      long target = enqueued;
      if (settled >= target) return;
      flushRequested = true;
      if (batchIsDue()) wakeOneFlusher();
      while (settled < target && !abandoned) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) return;
        settledOrClosed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further spans; what is queued is sent until {@code deadlineNanos}. Idempotent: the first deadline holds. */
  void close(long deadlineNanos) {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      closeDeadlineNanos = deadlineNanos;
      wakeEveryone();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close} was called. */
  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives up on every span not settled yet (queued or in flight) and wakes all waiters; called by
   * close() once the flusher stopped or overran the deadline.
   *
   * @return how many spans were given up, for the caller to count; 0 when called again
   */
  int abandon() {
    lock.lock();
    try {
      int lost = queue.clear();
      if (!abandoned) {
        abandoned = true;
        lost += inFlightSpans;
        inFlightSpans = 0;
        inFlightBytes = 0;
      }
      settled = enqueued;
      wakeEveryone();
      return lost;
    } finally {
      lock.unlock();
    }
  }

  /** Spans queued or in flight. */
  long queuedSpans() {
    lock.lock();
    try {
      return queue.size() + inFlightSpans;
    } finally {
      lock.unlock();
    }
  }

  /** Encoded bytes of the spans queued or in flight. */
  long queuedBytes() {
    lock.lock();
    try {
      return queue.bytes() + inFlightBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held: signals one waiting flusher, unless one was signalled and has not run yet. */
  private void wakeOneFlusher() {
    if (flushersWaiting == 0 || flusherSignalled) return;
    flusherSignalled = true;
    batchDue.signal();
  }

  /** Called with the lock held, when closing or giving up: every waiter looks again. */
  private void wakeEveryone() {
    batchDue.signalAll();
    settledOrClosed.signalAll();
  }

  /** Called with the lock held. */
  private boolean batchIsDue() {
    if (queue.size() == 0) return false;
    return closed || flushRequested || batchIsFull() || System.nanoTime() - sendAtNanos >= 0;
  }

  /** Called with the lock held. */
  private boolean batchIsFull() {
    return encoding.listSizeInBytes(queue.size(), queue.bytes()) >= messageMaxBytes;
  }

  /** Called with the lock held. */
  private boolean closeDeadlinePassed() {
    return closed && System.nanoTime() - closeDeadlineNanos > 0;
  }

}
