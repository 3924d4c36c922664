package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import java.util.concurrent.TimeUnit;

/**
 * Every span the reporter has accepted and not yet settled (sent or counted as dropped): the
 * queue, plus the batches the flushers are delivering (one per flusher thread, at most). This is
 * the reporter's only lock, and the only place that waits or wakes: application threads {@link
 * #offer} and {@link #awaitFlushed}, the flushers {@link #awaitNextBatch}, {@link #awaitRetry}
 * and {@link #settle}, and {@code close()} {@link #close} and {@link #abandon}.
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
  private final Object lock = new Object();
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
    synchronized (lock) {
      if (closed) return DropReason.CLOSED;
      if (!queue.offer(span, size, inFlightBytes)) return DropReason.QUEUE_FULL;
      if (enqueued++ == 0) sendAtNanos = System.nanoTime() + sendIntervalNanos;
      // The flusher waits without a timeout while the queue is empty, and until the send
      // interval while it is not: wake it to start the interval, or to send a full batch now.
      if (flushersWaiting > 0 && (queue.size() == 1 || batchIsFull())) lock.notifyAll();
      return null;
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
    synchronized (lock) {
      try {
        while (!batchIsDue()) {
          if (queue.size() == 0) {
            if (closed) return null;
            flushRequested = false; // everything flushed has been taken
          }
          flushersWaiting++;
          try {
            lock.wait(queue.size() == 0 ? 0L : millisUntil(sendAtNanos));
          } finally {
            flushersWaiting--;
          }
        }
      } catch (InterruptedException e) {
        return null; // close() interrupts only once its deadline passed; abandon() counts the rest
      }
      if (closeDeadlinePassed()) return null;
      Batch batch = queue.drainBatch(encoding, messageMaxBytes);
      inFlightSpans += batch.size();
      inFlightBytes += batch.spanBytes();
      sendAtNanos = System.nanoTime() + sendIntervalNanos;
      return batch;
    }
  }

  /**
   * Waits {@code nanos} before the flusher retries a batch, less if the reporter closes meanwhile.
   *
   * @return false when the retry should not happen: the close deadline passed, or interrupted
   */
  boolean awaitRetry(long nanos) {
    long wakeAt = System.nanoTime() + nanos;
    synchronized (lock) {
      try {
        while (!closeDeadlinePassed()) {
          // close() notifies, so a retry wait started before close still ends at the deadline
          long until = closed && closeDeadlineNanos - wakeAt < 0 ? closeDeadlineNanos : wakeAt;
          if (System.nanoTime() - until >= 0) return !closeDeadlinePassed();
          lock.wait(millisUntil(until));
        }
        return false;
      } catch (InterruptedException e) {
        return false;
      }
    }
  }

  /**
   * Marks a batch taken by {@link #awaitNextBatch} (or part of one) as done, running {@code count}
   * (the metrics update) under the lock so that a flush never returns before the spans it waited
   * for are counted. Does nothing if {@link #abandon} already counted these spans.
   */
  void settle(Batch batch, Runnable count) {
    synchronized (lock) {
      if (abandoned) return;
      count.run();
      inFlightSpans -= batch.size();
      inFlightBytes -= batch.spanBytes();
      settled += batch.size();
      lock.notifyAll();
    }
  }

  /**
   * Asks the flusher to send everything queued now, and waits until all spans offered before
   * this call are settled, the reporter is abandoned, or {@code deadlineNanos} passes. Restores
   * the interrupt flag if interrupted.
   */
  void awaitFlushed(long deadlineNanos) {
    synchronized (lock) {
      long target = enqueued;
      if (settled >= target) return;
      flushRequested = true;
      lock.notifyAll();
      try {
        while (settled < target && !abandoned) {
          long remaining = deadlineNanos - System.nanoTime();
          if (remaining <= 0) return;
          lock.wait(millisUntil(deadlineNanos));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Refuses further spans; what is queued is sent until {@code deadlineNanos}. Idempotent: the first deadline holds. */
  void close(long deadlineNanos) {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      closeDeadlineNanos = deadlineNanos;
      lock.notifyAll();
    }
  }

  /** Whether {@link #close} was called. */
  boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Gives up on every span not settled yet (queued or in flight) and wakes all waiters; called by
   * close() once the flusher stopped or overran the deadline.
   *
   * @return how many spans were given up, for the caller to count; 0 when called again
   */
  int abandon() {
    synchronized (lock) {
      int lost = queue.clear();
      if (!abandoned) {
        abandoned = true;
        lost += inFlightSpans;
        inFlightSpans = 0;
        inFlightBytes = 0;
      }
      settled = enqueued;
      lock.notifyAll();
      return lost;
    }
  }

  /** Spans queued or in flight. */
  long queuedSpans() {
    synchronized (lock) {
      return queue.size() + inFlightSpans;
    }
  }

  /** Encoded bytes of the spans queued or in flight. */
  long queuedBytes() {
    synchronized (lock) {
      return queue.bytes() + inFlightBytes;
    }
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

  /** A timeout for {@code Object.wait} ending at {@code deadlineNanos}: at least 1 ms, as 0 means forever. */
  private static long millisUntil(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
