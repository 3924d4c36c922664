package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
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
 * <p><b>Threads.</b> Started by the first span reported, from the builder's thread factory:
 * {@code deliveryThreads} alike threads, each of which takes a batch, encodes it and sends it.
 * <em>One encodes at a time</em>: a thread takes a batch only with the <em>encoding turn</em>,
 * which it holds while it measures the batch's spans exactly, cuts them into messages (usually
 * one) and encodes them into its own {@link MessageBuffer}s, and gives back before it sends. So
 * sends overlap, up to one per thread, over as many connections, while encoding takes at most one
 * core from the application; and a thread whose send stalls holds up only itself. (A message the
 * collector asks to split is encoded again, in halves, by the thread sending it, without the turn:
 * rare, and short.)
 *
 * <p><b>Waiting.</b> One lock guards everything here but the threads' start. An idle thread waits
 * on {@code batchDue} until a batch is due (it fills a message or half the queue, the send interval
 * has passed since the last batch was taken, a flush asks for it, or the reporter is closing) and
 * the turn is free. It waits without a timeout while the queue is empty, or while the turn is taken
 * and a batch is due already, and until the interval ends otherwise, so that one idle thread is
 * always timing queued spans. Only these wake an idle thread, and only one of them: the first span
 * queued (to start timing it, even while another thread encodes), a span that fills a message or
 * half the queue while no thread holds the turn, a flush, and the end of a turn when a batch is
 * due; so a busy reporter wakes no thread per span, and a due batch does not wake a crowd onto the
 * application's cores. Flushes and retries wait on {@code settledOrClosed}, signalled as spans
 * settle and at close.
 *
 * <p><b>Memory.</b> The queue's byte bound covers spans in flight too (taken from the queue and
 * not yet settled, see {@link SpanLedger}), so however many threads send, the spans held never
 * pass the bound.
 *
 * <p><b>Close.</b> {@link #close} refuses new spans and wakes everyone; the threads take what is
 * queued, then stop after their last send. Past the close deadline no batch is taken and no retry
 * waits; {@link #awaitStop} interrupts threads still sending and aborts their sends, and {@link
 * #abandon} counts every span not settled as dropped, once: a send that settles later counts
 * nothing.
 */
final class DeliveryPipeline implements Deliverer.Outcomes {
  /** How long threads still sending at the close timeout get, in all, once their sends are aborted. */
  private static final long ABORT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ReentrantLock lock = new ReentrantLock();
  /** Idle threads wait here for a due batch and a free encoding turn. */
  private final Condition batchDue = lock.newCondition();
  /** Flushes wait here for spans to settle, and retries for their time, which close() cuts short. */
  private final Condition settledOrClosed = lock.newCondition();
  private final Encoding encoding;
  private final int messageMaxBytes;
  private final long sendIntervalNanos;

  // Guarded by lock.
  private final SpanQueue queue;
  private final SpanLedger ledger = new SpanLedger();
  /** A thread is taking or encoding a batch: no other may take one. */
  private boolean turnTaken;
  /** Threads waiting on {@code batchDue}. */
  private int idleThreads;
  /** An idle thread was signalled and has not looked yet: signalling another would wake it for nothing. */
  private boolean wakeSent;
  /** When the next partial batch is due: a send interval after the last batch taken, or after the first span. */
  private long sendAtNanos;
  private boolean flushRequested;
  private boolean closed;
  private long closeDeadlineNanos;

  // Set once by runOn, before the first report; the threads are started by the first report.
  private ThreadStart start;
  /** Set once, when the threads have started; read without the lock on every report. */
  private volatile List<Thread> threads;
  /** Guarded by startLock: the factory failed for the first thread, and is not asked again. */
  private boolean startFailed;
  private final Object startLock = new Object();

  /** How the threads are made and what they run. */
  private record ThreadStart(Deliverer deliverer, int deliveryThreads, ThreadFactory factory, ReporterLog log, Runnable onStart) {}

  /** A message encoded with the turn, to be sent after it. */
  private record Encoded(Deliverer.Message message, byte[] bytes, MessageBuffer buffer) {}

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
   * Says how to run, before the first report: {@code deliveryThreads} threads from {@code
   * factory}, delivering with {@code deliverer}; {@code onStart} runs once they started.
   */
  void runOn(Deliverer deliverer, int deliveryThreads, ThreadFactory factory, ReporterLog log, Runnable onStart) {
    this.start = new ThreadStart(deliverer, deliveryThreads, factory, log, onStart);
  }

  // ---- Application threads

  /**
   * Queues a span of {@code size} bytes (the encoder's estimate), never blocking.
   *
   * @return null when queued, otherwise why it was refused ({@link DropReason#CLOSED}, {@link
   *     DropReason#QUEUE_FULL}, or {@link DropReason#TOO_LARGE} for a span larger than the whole
   *     queue's byte limit)
   */
  DropReason offer(FinishedSpan span, int size) {
    lock.lock();
    try {
      if (closed) return DropReason.CLOSED;
      if (!queue.offer(span, size, ledger.inFlightBytes())) {
        return queue.neverFits(size) ? DropReason.TOO_LARGE : DropReason.QUEUE_FULL;
      }
      if (ledger.accepted()) sendAtNanos = System.nanoTime() + sendIntervalNanos;
      // Idle threads wait without a timeout while the queue is empty: the first span starts the
      // interval's clock. A full batch goes at once, or at the end of the turn if one is taken.
      if (queue.size() == 1 || (!turnTaken && batchIsFull())) wakeOneIdle();
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
      wakeOneIdle();
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
   * @return false when no thread could be started, now or before: spans cannot be sent
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
      List<Thread> started = new ArrayList<>(s.deliveryThreads());
      for (int i = 0; i < s.deliveryThreads(); i++) {
        try {
          Thread thread = s.factory().newThread(() -> deliveryLoop(s.deliverer()));
          if (thread == null) throw new IllegalStateException("the thread factory returned null");
          thread.start();
          started.add(thread);
        } catch (RuntimeException | OutOfMemoryError e) { // Thread.start throws OOME when the OS refuses a thread
          if (started.isEmpty()) {
            startFailed = true;
            s.log().warn("could not start the reporter's thread: spans for " + s.log().destination() + " will be dropped: " + e);
            return false;
          }
          s.log().warn("could start only " + started.size() + " of the reporter's " + s.deliveryThreads()
              + " threads for " + s.log().destination() + ": " + e);
          break;
        }
      }
      threads = List.copyOf(started);
      s.onStart().run();
      return true;
    }
  }

  // ---- The delivery threads

  private void deliveryLoop(Deliverer deliverer) {
    List<MessageBuffer> buffers = new ArrayList<>(1); // this thread's, kept from batch to batch
    for (Batch batch; (batch = awaitBatchAndTurn()) != null; ) {
      List<Encoded> messages;
      try {
        messages = encode(deliverer, batch, buffers);
      } finally {
        endTurn();
      }
      for (Encoded message : messages) deliverer.send(message.message(), message.bytes(), message.buffer());
    }
  }

  /** Measures and encodes {@code batch}, one message per buffer (a message dropped unencoded is counted by the deliverer). */
  private List<Encoded> encode(Deliverer deliverer, Batch batch, List<MessageBuffer> buffers) {
    List<Deliverer.Message> messages = deliverer.measure(batch);
    List<Encoded> encoded = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      if (buffers.size() == i) buffers.add(new MessageBuffer(messageMaxBytes));
      MessageBuffer buffer = buffers.get(i);
      byte[] bytes = deliverer.encode(messages.get(i), buffer);
      if (bytes != null) encoded.add(new Encoded(messages.get(i), bytes, buffer));
    }
    return encoded;
  }

  /**
   * Waits until a batch is due and the encoding turn is free, then takes both and marks the
   * batch in flight.
   *
   * @return the batch, or null when the thread should stop: closed and nothing left, the close
   *     deadline passed, or interrupted
   */
  Batch awaitBatchAndTurn() { // package-private for tests, which play the delivery threads
    lock.lock();
    try {
      while (turnTaken || !batchIsDue()) {
        if (queue.size() == 0) {
          if (closed) return null;
          flushRequested = false; // everything flushed has been taken
        }
        if (closeDeadlinePassed()) return null;
        idleThreads++;
        try {
          // Until woken while the queue is empty or a due batch waits for the turn, else until it is due.
          if (queue.size() == 0 || (turnTaken && System.nanoTime() - sendAtNanos >= 0)) {
            batchDue.await();
          } else {
            batchDue.awaitNanos(sendAtNanos - System.nanoTime());
          }
        } finally {
          idleThreads--;
          wakeSent = false; // this thread looks at everything now
        }
      }
      if (closeDeadlinePassed()) return null;
      Batch batch = queue.drainBatch(encoding, messageMaxBytes);
      ledger.taken(batch);
      sendAtNanos = System.nanoTime() + sendIntervalNanos;
      turnTaken = true;
      return batch;
    } catch (InterruptedException e) {
      return null; // close() interrupts only once its deadline passed; abandon() counts the rest
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives the encoding turn back. If a batch is due, an idle thread takes it (queued spans not
   * due yet are timed by a thread already); once closed, every idle thread looks, to take what is
   * left or stop.
   */
  void endTurn() { // package-private for tests, as awaitBatchAndTurn
    lock.lock();
    try {
      turnTaken = false;
      if (closed) {
        batchDue.signalAll();
      } else if (batchIsDue()) {
        wakeOneIdle();
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- Outcomes of delivery, on the delivery threads

  /**
   * Marks a batch taken by a delivery thread (or part of one) as done, running {@code count} (the
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

  /** Wakes one idle thread, unless one was woken already and has not looked yet. */
  private void wakeOneIdle() {
    if (idleThreads == 0 || wakeSent) return;
    wakeSent = true;
    batchDue.signal();
  }

  private void wakeEveryone() {
    batchDue.signalAll();
    settledOrClosed.signalAll();
  }

  private boolean batchIsDue() {
    if (queue.size() == 0) return false;
    return closed || flushRequested || batchIsFull() || System.nanoTime() - sendAtNanos >= 0;
  }

  /**
   * A batch goes without waiting out the interval when it fills a message, or when the queue is
   * half full: a queue smaller than a message would otherwise drop spans while the interval runs.
   */
  private boolean batchIsFull() {
    return encoding.listSizeInBytes(queue.size(), queue.bytes()) >= messageMaxBytes || queue.isHalfFull();
  }

  private boolean closeDeadlinePassed() {
    return closed && System.nanoTime() - closeDeadlineNanos > 0;
  }
}
