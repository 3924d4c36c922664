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
 * from the queue: it measures a batch's spans exactly, cuts it into messages (usually one),
 * encodes each into a free {@link MessageBuffer} and leaves it in the <em>hand-off slot</em>,
 * which holds one message. An idle send thread takes the message from the slot, sends, retries
 * and settles it, and puts the buffer back. So at most {@code sendThreads} messages are in
 * flight, over as many connections, and one more is encoded ahead; one message is encoded at a
 * time, by construction: only one thread encodes. (A message the collector asks to split is
 * encoded again, in halves, by its send thread.) When no send thread could be started, the
 * encoder sends its messages itself.
 *
 * <p><b>Waiting.</b> One lock guards everything here. The encoder waits on {@code encoderWork}
 * until a batch is due (it fills a message, the send interval has passed since the last batch was
 * taken, a flush asks for it, or the reporter is closing) and the hand-off slot is empty; a report
 * wakes it only when its span makes a batch due or starts the interval's clock, so a report
 * wakes at most one thread. Send threads wait on {@code messageReady}, and the encoder wakes one
 * per message it leaves in the slot; a send thread that empties the slot wakes the encoder if it
 * waits for that. Flushes and retries wait on {@code settledOrClosed}, signalled as spans settle
 * and at close.
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
  /** The encoder waits here for a due batch and an empty hand-off slot. */
  private final Condition encoderWork = lock.newCondition();
  /** Send threads wait here for a message in the hand-off slot. */
  private final Condition messageReady = lock.newCondition();
  /** Flushes wait here for spans to settle, and retries for their time, which close() cuts short. */
  private final Condition settledOrClosed = lock.newCondition();
  private final Encoding encoding;
  private final int messageMaxBytes;
  private final long sendIntervalNanos;

  // Guarded by lock.
  private final SpanQueue queue;
  private final SpanLedger ledger = new SpanLedger();
  /** The message encoded and not yet taken by a send thread (the hand-off slot), or null. */
  private Handoff ready;
  /**
   * Buffers not holding a message. In all, one per send thread, one for the slot and one for the
   * encoder, which uses it only while the slot is full (the second message of a batch).
   */
  private final ArrayDeque<MessageBuffer> freeBuffers = new ArrayDeque<>();
  /** Send threads running; while none does, the encoder sends itself. */
  private int sendThreadsRunning;
  /** When the next partial batch is due: a send interval after the last batch taken, or after the first span. */
  private long sendAtNanos;
  private boolean flushRequested;
  /** The encoder waits on {@code encoderWork}: a span that makes a batch due must wake it. */
  private boolean encoderWaiting;
  /** The encoder waits for the hand-off slot to empty: the send thread that empties it must wake it. */
  private boolean encoderNeedsSlot;
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

  /** An encoded message on its way from the encoder to a send thread. */
  private record Handoff(Deliverer.Message message, byte[] bytes, MessageBuffer buffer) {}

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
        Runnable loop = i == 0 ? () -> encodeLoop(s.deliverer()) : () -> sendLoop(s.deliverer());
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
    try {
      for (Batch batch; (batch = awaitBatch()) != null; ) {
        for (Deliverer.Message message : deliverer.measure(batch)) {
          MessageBuffer buffer = takeFreeBuffer();
          byte[] bytes = deliverer.encode(message, buffer); // null: dropped and counted
          if (bytes != null && handOver(new Handoff(message, bytes, buffer))) continue; // its send thread puts it back
          if (bytes != null) deliverer.send(message, bytes, buffer); // no send thread runs
          putBack(buffer);
        }
      }
    } finally {
      stopEncoder();
    }
  }

  /**
   * Waits until a batch is due and the hand-off slot is empty (or no send thread runs), then
   * takes the batch and marks it in flight.
   *
   * @return the batch, or null when the encoder should stop: closed and nothing left, the close
   *     deadline passed, or interrupted
   */
  private Batch awaitBatch() {
    lock.lock();
    try {
      while (!batchIsDue() || (ready != null && sendThreadsRunning > 0)) {
        if (queue.size() == 0) {
          if (closed) return null;
          flushRequested = false; // everything flushed has been taken
        }
        if (closeDeadlinePassed()) return null;
        encoderWaiting = true;
        encoderNeedsSlot = batchIsDue();
        // Until woken while the queue is empty or a batch waits for the slot, else until it is due.
        if (queue.size() == 0 || encoderNeedsSlot) {
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
      encoderNeedsSlot = false;
      lock.unlock();
    }
  }

  /** A buffer to encode the next message into: a free one, else a new one (see {@code freeBuffers}). */
  private MessageBuffer takeFreeBuffer() {
    lock.lock();
    try {
      MessageBuffer free = freeBuffers.pollFirst();
      return free != null ? free : new MessageBuffer(messageMaxBytes);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Leaves the message in the hand-off slot for a send thread, waiting for the slot to empty (the
   * second message of a batch whose exact size needs two) and waking one waiting send thread.
   *
   * @return false when no send thread runs: the encoder sends itself. Past the close deadline the
   *     message is left unsent, its spans counted by {@link #abandon}.
   */
  private boolean handOver(Handoff message) {
    lock.lock();
    try {
      while (ready != null && sendThreadsRunning > 0 && !closeDeadlinePassed()) {
        encoderNeedsSlot = true;
        encoderWork.await();
      }
      if (closeDeadlinePassed()) {
        freeBuffers.addFirst(message.buffer());
        return true;
      }
      if (ready != null || sendThreadsRunning == 0) return false;
      ready = message;
      messageReady.signal();
      return true;
    } catch (InterruptedException e) {
      freeBuffers.addFirst(message.buffer()); // close() interrupts only past its deadline: abandon() counts the spans
      return true;
    } finally {
      encoderNeedsSlot = false;
      lock.unlock();
    }
  }

  /** {@code buffer} holds no message any more: the next one may be encoded into it. */
  private void putBack(MessageBuffer buffer) {
    lock.lock();
    try {
      freeBuffers.addFirst(buffer);
    } finally {
      lock.unlock();
    }
  }

  private void stopEncoder() {
    lock.lock();
    try {
      encoderStopped = true;
      messageReady.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- The send threads

  private void sendLoop(Deliverer deliverer) {
    try {
      for (Handoff message; (message = awaitMessage()) != null; ) {
        try {
          deliverer.send(message.message(), message.bytes(), message.buffer());
        } finally {
          putBack(message.buffer());
        }
      }
    } finally {
      countSendThread(-1);
    }
  }

  /**
   * Takes the message from the hand-off slot, waiting for one; null once the encoder stopped, or
   * past the close deadline (a message left in the slot is counted by {@link #abandon}).
   */
  private Handoff awaitMessage() {
    lock.lock();
    try {
      while (ready == null || closeDeadlinePassed()) {
        if (closeDeadlinePassed()) return null;
        if (encoderStopped) return null;
        messageReady.await();
      }
      Handoff taken = ready;
      ready = null;
      if (encoderNeedsSlot) {
        encoderNeedsSlot = false;
        encoderWork.signal();
      }
      return taken;
    } catch (InterruptedException e) {
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
    if (!encoderWaiting || encoderNeedsSlot) return; // only a send thread emptying the slot helps the latter
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
