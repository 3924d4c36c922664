package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reporter's scheduling, all in one place: how reported spans become batches, which thread
 * encodes and which sends, who waits for what, and how close drains. {@link Deliverer} does the
 * work of each step; this class decides when and on which thread.
 *
 * <p><b>Threads.</b> Started by the first span reported, from the user's thread factory: one
 * <em>encoder</em> and {@code sendThreads} <em>send threads</em>. The encoder alone takes batches
 * from the queue: when a batch is due and a send thread is idle, it takes the batch, measures its
 * spans exactly, cuts it into messages (usually one), encodes each into the idle send thread's
 * {@link MessageBuffer} and hands it over. A send thread sends, retries and settles its message,
 * then waits for the next. So at most {@code sendThreads} messages are in flight, over as many
 * connections, and one message is encoded at a time, by construction: only one thread encodes.
 * (A message the collector asks to split is encoded again, in halves, by its send thread.) When
 * no send thread could be started, the encoder sends its messages itself.
 *
 * <p><b>Waiting.</b> One lock guards everything here. The encoder waits on {@code encoderWork}
 * until a batch is due (it fills a message, the send interval has passed since the last batch was
 * taken, a flush asks for it, or the reporter is closing) and a send thread is idle; a report wakes
 * it only when its span makes a batch due or starts the interval's clock, so a report wakes at
 * most one thread. Each send thread waits on a condition of its own for its next message, and the
 * encoder signals exactly the one it handed a message to. Flushes and retries wait on {@code
 * settledOrClosed}, signalled as spans settle and at close.
 *
 * <p><b>Memory.</b> The queue's byte bound covers spans in flight too (taken from the queue and
 * not yet settled, see {@link SpanLedger}), so however many send threads there are, the spans held
 * never pass the bound.
 *
 * <p><b>Close.</b> {@link #close} refuses new spans and wakes everyone; the encoder takes what is
 * queued as fast as send threads free up, then stops, and the send threads stop after their last
 * message. Past the close deadline no batch is taken and no retry waits; {@link #awaitStop}
 * interrupts threads still sending and aborts their sends, and {@link #abandon} counts every span
 * not settled as dropped, once: a send that settles later counts nothing.
 */
final class DeliveryPipeline implements Deliverer.Outcomes {
  /** How long threads still sending at the close timeout get, in all, once their sends are aborted. */
  private static final long ABORT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ReentrantLock lock = new ReentrantLock();
  /** The encoder waits here for a due batch and an idle send thread. */
  private final Condition encoderWork = lock.newCondition();
  /** Flushes wait here for spans to settle, and retries for their time, which close() cuts short. */
  private final Condition settledOrClosed = lock.newCondition();
  private final Encoding encoding;
  private final int messageMaxBytes;
  private final long sendIntervalNanos;

  // Guarded by lock.
  private final SpanQueue queue;
  private final SpanLedger ledger = new SpanLedger();
  /** Send threads waiting for a message, the most recently idle first. */
  private final ArrayDeque<SendThread> idle = new ArrayDeque<>();
  /** Send threads running; while none does, the encoder sends itself. */
  private int sendThreadsRunning;
  /** When the next partial batch is due: a send interval after the last batch taken, or after the first span. */
  private long sendAtNanos;
  private boolean flushRequested;
  /** The encoder waits on {@code encoderWork}: a span that makes a batch due must wake it. */
  private boolean encoderWaiting;
  /** The encoder waits for a send thread to become idle: the next one that does must wake it. */
  private boolean encoderNeedsSendThread;
  private boolean encoderStopped;
  private boolean closed;
  private long closeDeadlineNanos;

  // Set once by runOn, before the first report; the threads are started by the first report.
  private ThreadStart start;
  /** Set once, when the threads have started; read without the lock on every report. */
  private volatile List<Thread> threads;
  /** Guarded by startLock: the factory failed for the encoder, and is not asked again. */
  private boolean startFailed;
  private final Object startLock = new Object();

  /** How the threads are made and what they run. */
  private record ThreadStart(Deliverer deliverer, int sendThreads, ThreadFactory factory, ReporterLog log, Runnable onStart) {}

  /** One send thread's buffer and hand-off; its fields are guarded by the lock. */
  private final class SendThread {
    final MessageBuffer buffer = new MessageBuffer(messageMaxBytes);
    final Condition handedOver = lock.newCondition();
    Deliverer.Message message;
    byte[] bytes;
  }

  /**
   * Bounds the queue by span count and bytes (bytes in flight included); cuts batches to lists of
   * at most {@code messageMaxBytes}; lets a partial batch go {@code sendIntervalNanos} after the
   * last one.
   */
  DeliveryPipeline(int maxSpans, long maxBytes, Encoding encoding, int messageMaxBytes, long sendIntervalNanos) {
    this.queue = new SpanQueue(maxSpans, maxBytes);
    this.encoding = encoding;
    this.messageMaxBytes = messageMaxBytes;
    this.sendIntervalNanos = sendIntervalNanos;
  }

  /**
   * Says how to run, before the first report: {@code sendThreads} send threads and an encoder from
   * {@code factory}, delivering with {@code deliverer}; {@code onStart} runs once they started.
   */
  void runOn(Deliverer deliverer, int sendThreads, ThreadFactory factory, ReporterLog log, Runnable onStart) {
    this.start = new ThreadStart(deliverer, sendThreads, factory, log, onStart);
  }

  // ---- Application threads

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
      if (!queue.offer(span, size, ledger.inFlightBytes())) return DropReason.QUEUE_FULL;
      if (ledger.accepted()) sendAtNanos = System.nanoTime() + sendIntervalNanos;
      // The encoder waits without a timeout while the queue is empty: the first span starts its
      // clock. A full batch goes at once.
      if (queue.size() == 1 || batchIsFull()) wakeEncoder();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks for everything queued to go now, and waits until all spans offered before this call
   * are settled, the spans are abandoned, or {@code deadlineNanos} passes. Restores the interrupt
   * flag if interrupted.
   */
  void awaitFlushed(long deadlineNanos) {
    lock.lock();
    try {
      long target = ledger.acceptedCount();
      if (ledger.settledUpTo(target)) return;
      flushRequested = true;
      wakeEncoder();
      while (!ledger.settledUpTo(target) && awaitSettledOrClosed(deadlineNanos)) {
        // looks again
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts the threads unless they already run or the reporter is closed (then no thread is
   * needed: the queue refuses spans). Thread-safe; the factory is asked at most once per thread.
   * Never throws.
   *
   * @return false when the encoder could not be started, now or before: spans cannot be sent
   */
  boolean ensureStarted() {
    return threads != null || startOnce();
  }

  private boolean startOnce() {
    synchronized (startLock) {
      if (threads != null) return true;
      if (startFailed) return false;
      if (isClosed()) return true; // the queue refuses the span as CLOSED; no thread needed
      ThreadStart s = start;
      List<Thread> started = new ArrayList<>(s.sendThreads() + 1);
      for (int i = 0; i <= s.sendThreads(); i++) {
        Runnable loop = i == 0 ? () -> encodeLoop(s.deliverer()) : () -> sendLoop(s.deliverer(), new SendThread());
        try {
          Thread thread = s.factory().newThread(loop);
          if (thread == null) throw new IllegalStateException("the thread factory returned null");
          if (i > 0) countSendThread(+1); // before it runs, so the encoder never sends while one is starting
          try {
            thread.start();
          } catch (RuntimeException | OutOfMemoryError e) {
            if (i > 0) countSendThread(-1);
            throw e;
          }
          started.add(thread);
        } catch (RuntimeException | OutOfMemoryError e) { // Thread.start throws OOME when the OS refuses a thread
          if (started.isEmpty()) {
            startFailed = true;
            s.log().warn("could not start the reporter's thread: spans for " + s.log().destination() + " will be dropped: " + e);
            return false;
          }
          s.log().warn("could start only " + started.size() + " of the reporter's " + (s.sendThreads() + 1)
              + " threads for " + s.log().destination() + ": " + e);
          break;
        }
      }
      threads = List.copyOf(started);
      s.onStart().run();
      return true;
    }
  }

  // ---- The encoder

  private void encodeLoop(Deliverer deliverer) {
    MessageBuffer own = new MessageBuffer(messageMaxBytes); // used only while no send thread runs
    try {
      for (Batch batch; (batch = awaitBatch()) != null; ) {
        for (Deliverer.Message message : deliverer.measure(batch)) {
          SendThread to = awaitIdleSendThread();
          MessageBuffer buffer = to == null ? own : to.buffer;
          byte[] bytes = deliverer.encode(message, buffer); // null: dropped and counted
          if (to != null) {
            handOver(to, bytes == null ? null : message, bytes);
          } else if (bytes != null) {
            deliverer.send(message, bytes, own);
          }
        }
      }
    } finally {
      stopEncoder();
    }
  }

  /**
   * Waits until a batch is due and a send thread is idle (or none runs), then takes the batch
   * and marks it in flight.
   *
   * @return the batch, or null when the encoder should stop: closed and nothing left, the close
   *     deadline passed, or interrupted
   */
  private Batch awaitBatch() {
    lock.lock();
    try {
      while (!batchIsDue() || (idle.isEmpty() && sendThreadsRunning > 0)) {
        if (queue.size() == 0) {
          if (closed) return null;
          flushRequested = false; // everything flushed has been taken
        }
        if (closeDeadlinePassed()) return null;
        encoderWaiting = true;
        encoderNeedsSendThread = batchIsDue();
        // Until woken while the queue is empty or a batch waits for a send thread, else until it is due.
        if (queue.size() == 0 || encoderNeedsSendThread) {
          encoderWork.await();
        } else {
          encoderWork.awaitNanos(sendAtNanos - System.nanoTime());
        }
      }
      if (closeDeadlinePassed()) return null;
      Batch batch = queue.drainBatch(encoding, messageMaxBytes);
      ledger.taken(batch);
      sendAtNanos = System.nanoTime() + sendIntervalNanos;
      return batch;
    } catch (InterruptedException e) {
      return null; // close() interrupts only once its deadline passed; abandon() counts the rest
    } finally {
      encoderWaiting = false;
      encoderNeedsSendThread = false;
      lock.unlock();
    }
  }

  /**
   * Claims an idle send thread for the next message, waiting for one if all are busy (the second
   * message of a batch whose exact size needs two).
   *
   * @return the send thread, or null when none runs (or close gave up): the encoder sends itself
   */
  private SendThread awaitIdleSendThread() {
    lock.lock();
    try {
      while (idle.isEmpty() && sendThreadsRunning > 0 && !closeDeadlinePassed()) {
        encoderNeedsSendThread = true;
        encoderWork.await();
      }
      return idle.pollFirst();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the send that follows is aborted, and counted as such
      return null;
    } finally {
      encoderNeedsSendThread = false;
      lock.unlock();
    }
  }

  /** Gives {@code message} to the send thread the encoder claimed; a null message returns it to the idle. */
  private void handOver(SendThread to, Deliverer.Message message, byte[] bytes) {
    lock.lock();
    try {
      if (message == null) {
        idle.addFirst(to);
        return;
      }
      to.message = message;
      to.bytes = bytes;
      to.handedOver.signal();
    } finally {
      lock.unlock();
    }
  }

  private void stopEncoder() {
    lock.lock();
    try {
      encoderStopped = true;
      for (SendThread waiting : idle) waiting.handedOver.signal();
    } finally {
      lock.unlock();
    }
  }

  // ---- The send threads

  private void sendLoop(Deliverer deliverer, SendThread self) {
    try {
      for (Deliverer.Message message; (message = awaitMessage(self)) != null; ) {
        deliverer.send(message, self.bytes, self.buffer);
      }
    } finally {
      countSendThread(-1);
    }
  }

  /** Becomes idle and waits for the encoder to hand over a message; null once the encoder stopped. */
  private Deliverer.Message awaitMessage(SendThread self) {
    lock.lock();
    try {
      self.message = null;
      self.bytes = null;
      idle.addFirst(self);
      if (encoderNeedsSendThread) {
        encoderNeedsSendThread = false;
        encoderWork.signal();
      }
      while (self.message == null) {
        if (encoderStopped) {
          idle.remove(self);
          return null;
        }
        self.handedOver.await();
      }
      return self.message;
    } catch (InterruptedException e) {
      idle.remove(self);
      return null; // close() interrupts only once its deadline passed; abandon() counts the rest
    } finally {
      lock.unlock();
    }
  }

  private void countSendThread(int delta) {
    lock.lock();
    try {
      sendThreadsRunning += delta;
      if (delta < 0) encoderWork.signal(); // the encoder may now have to send itself
    } finally {
      lock.unlock();
    }
  }

  // ---- Outcomes of delivery, on the encoder or a send thread

  /**
   * Marks a batch taken by the encoder (or part of one) as done, running {@code count} (the
   * metrics update) under the lock so that a flush never returns before the spans it waited for
   * are counted. Does nothing if {@link #abandon} already counted these spans.
   */
  @Override
  public void settle(Batch batch, Runnable count) {
    lock.lock();
    try {
      if (!ledger.settle(batch)) return;
      count.run();
      settledOrClosed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits {@code nanos} before a retry, less if the reporter closes meanwhile.
   *
   * @return false when the retry should not happen: the close deadline passed, or interrupted
   */
  @Override
  public boolean awaitRetry(long nanos) {
    long wakeAt = System.nanoTime() + nanos;
    lock.lock();
    try {
      while (!closeDeadlinePassed()) {
        // close() signals, so a retry wait started before close still ends at the deadline
        long until = closed && closeDeadlineNanos - wakeAt < 0 ? closeDeadlineNanos : wakeAt;
        if (!awaitSettledOrClosed(until)) return !closeDeadlinePassed();
      }
      return false;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close} was called. */
  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  // ---- Close

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

  /**
   * Waits up to {@code timeoutMillis} in all for the threads to finish sending after close. Past
   * it, interrupts the threads still running and runs {@code abortSends} (closing the sender, whose
   * blocking I/O an interrupt may not end), then waits at most a second more for them in all.
   * Returns at once if no thread started.
   */
  void awaitStop(long timeoutMillis, Runnable abortSends) {
    List<Thread> running;
    synchronized (startLock) { // a start in progress completes first, so its threads are joined too
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

  /**
   * Gives up on every span not settled yet (queued or in flight) and wakes all waiters; called by
   * close() once the threads stopped or overran the deadline.
   *
   * @return how many spans were given up, for the caller to count; 0 when called again
   */
  int abandon() {
    lock.lock();
    try {
      int lost = ledger.abandon(queue.clear());
      wakeEveryone();
      return lost;
    } finally {
      lock.unlock();
    }
  }

  // ---- Metrics

  /** Spans queued or in flight. */
  long queuedSpans() {
    lock.lock();
    try {
      return queue.size() + ledger.inFlightSpans();
    } finally {
      lock.unlock();
    }
  }

  /** Estimated bytes of the spans queued or in flight. */
  long queuedBytes() {
    lock.lock();
    try {
      return queue.bytes() + ledger.inFlightBytes();
    } finally {
      lock.unlock();
    }
  }

  // ---- Called with the lock held

  /** Waits on {@code settledOrClosed} until signalled or {@code deadlineNanos}; false when that had passed already. */
  private boolean awaitSettledOrClosed(long deadlineNanos) throws InterruptedException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) return false;
    settledOrClosed.awaitNanos(remaining);
    return true;
  }

  private void wakeEncoder() {
    if (!encoderWaiting || encoderNeedsSendThread) return; // only an idle send thread helps the latter
    encoderWaiting = false; // signalled once: it looks at everything when it runs
    encoderWork.signal();
  }

  private void wakeEveryone() {
    encoderWork.signalAll();
    settledOrClosed.signalAll();
  }

  private boolean batchIsDue() {
    if (queue.size() == 0) return false;
    return closed || flushRequested || batchIsFull() || System.nanoTime() - sendAtNanos >= 0;
  }

  private boolean batchIsFull() {
    return encoding.listSizeInBytes(queue.size(), queue.bytes()) >= messageMaxBytes;
  }

  private boolean closeDeadlinePassed() {
    return closed && System.nanoTime() - closeDeadlineNanos > 0;
  }
}
