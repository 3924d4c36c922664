package io.ziptrace.reporting;

import io.ziptrace.Reporter;
import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Queues finished spans and sends them in batches from one background thread, so the
 * application never waits for the collector and never sees its failures.
 *
 * <ul>
 *   <li>{@link #report} never blocks on I/O and never throws. The queue is bounded by span count
 *       and encoded bytes; when full, the new span is dropped and counted.
 *   <li>A batch is sent when it reaches the message size limit or when the send interval has
 *       passed since the last send.
 *   <li>Connection failures, timeouts, 408, 429 and 5xx are retried with exponential backoff
 *       (honouring {@code Retry-After}) up to {@code maxAttempts}; then the batch is dropped and
 *       counted. A 400 or 413 splits the batch in halves to isolate the span the collector
 *       refuses; other 4xx drop the batch at once. Failures are logged at a bounded rate.
 *   <li>{@link #close()} stops accepting spans, sends what is queued within {@code closeTimeout},
 *       and counts whatever it could not send. Every reported span ends up sent or counted in
 *       {@link #metrics()}.
 * </ul>
 */
public final class AsyncReporter implements Reporter {
  private static final long RETRY_BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RETRY_AFTER_MAX_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Sender sender;
  private final SpanEncoder encoder;
  private final Encoding encoding;
  private final int messageMaxBytes;
  private final long sendIntervalNanos;
  private final int maxAttempts;
  private final Duration closeTimeout;
  private final ReporterMetrics metrics = new ReporterMetrics(this);
  private final RateLimitedLog failureLog = new RateLimitedLog(LOG_INTERVAL_NANOS);
  private final Thread flusher;

  // Guarded by lock.
  private final Object lock = new Object();
  private final SpanQueue queue;
  private int inFlightSpans;
  private long inFlightBytes;
  private long enqueued;
  private long settled;
  private boolean flushRequested;
  private boolean closed;
  private long closeDeadlineNanos;
  private boolean abandoned;

  private AsyncReporter(Builder b) {
    this.sender = b.sender;
    this.encoder = SpanEncoder.of(b.sender.encoding());
    this.encoding = b.sender.encoding();
    this.messageMaxBytes = Math.min(b.messageMaxBytes, b.sender.messageMaxBytes());
    this.sendIntervalNanos = b.sendInterval.toNanos();
    this.maxAttempts = b.maxAttempts;
    this.closeTimeout = b.closeTimeout;
    this.queue = new SpanQueue(b.queuedMaxSpans, b.queuedMaxBytes);
    this.flusher = new Thread(this::flushLoop, "ziptrace-reporter");
    flusher.setDaemon(true);
    flusher.start();
  }

  /** A reporter over {@code sender} with the default settings (see {@link Builder}). */
  public static AsyncReporter create(Sender sender) {
    return builder(sender).build();
  }

  /** Configures a reporter over {@code sender}, which it closes when it closes. */
  public static Builder builder(Sender sender) {
    return new Builder(sender);
  }

  /** What this reporter has done so far. */
  public ReporterMetrics metrics() {
    return metrics;
  }

  @Override
  public void report(FinishedSpan span) {
    if (span == null) return;
    metrics.reported();
    int size;
    try {
      size = encoder.sizeInBytes(span);
    } catch (RuntimeException e) {
      drop(DropReason.REJECTED, 1, "a span could not be encoded: " + e);
      return;
    }
    if (encoding.listSizeInBytes(1, size) > messageMaxBytes) {
      drop(DropReason.TOO_LARGE, 1, "a span of " + size + " bytes exceeds the message limit of " + messageMaxBytes);
      return;
    }
    DropReason refused;
    synchronized (lock) {
      if (closed) {
        refused = DropReason.CLOSED;
      } else if (!queue.offer(span, size)) {
        refused = DropReason.QUEUE_FULL;
      } else {
        enqueued++;
        // Wake the flusher to start the send interval, or to send a full batch.
        if (queue.size() == 1 || encoding.listSizeInBytes(queue.size(), queue.bytes()) >= messageMaxBytes) {
          lock.notifyAll();
        }
        return;
      }
    }
    metrics.dropped(refused, 1);
  }

  /**
   * Sends everything reported before this call, waiting at most the close timeout. Never
   * throws; returns early if the reporter is closed meanwhile.
   */
  @Override
  public void flush() {
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    synchronized (lock) {
      long target = enqueued;
      flushRequested = true;
      lock.notifyAll();
      try {
        awaitSettled(target, deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes in the background; the future completes when {@link #close()} would return. */
  public CompletableFuture<Void> closeAsync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      close();
      done.complete(null);
    }, "ziptrace-reporter-close");
    closer.setDaemon(true);
    closer.start();
    return done;
  }

  /**
   * Stops accepting spans, sends those already reported within the close timeout, counts the
   * rest as dropped ({@link DropReason#CLOSED}) and closes the sender. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        closeDeadlineNanos = System.nanoTime() + closeTimeout.toNanos();
        lock.notifyAll();
      }
    }
    try {
      flusher.join(Math.max(1, closeTimeout.toMillis()));
      if (flusher.isAlive()) {
        flusher.interrupt(); // a send stuck past the deadline
        flusher.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int lost;
    synchronized (lock) {
      lost = queue.clear();
      if (!abandoned) {
        abandoned = true;
        lost += inFlightSpans;
        inFlightSpans = 0;
        inFlightBytes = 0;
      }
      settled = enqueued;
      lock.notifyAll();
    }
    if (lost > 0) drop(DropReason.CLOSED, lost, lost + " spans were still unsent when close() timed out after " + closeTimeout);
    try {
      sender.close();
    } catch (RuntimeException e) {
      failureLog.warn("sender failed to close: " + e);
    }
  }

  long pendingSpans() {
    synchronized (lock) {
      return queue.size() + inFlightSpans;
    }
  }

  long pendingBytes() {
    synchronized (lock) {
      return queue.bytes() + inFlightBytes;
    }
  }

  private void flushLoop() {
    long lastSend = System.nanoTime();
    long[] batchBytes = new long[1];
    while (true) {
      List<FinishedSpan> batch;
      synchronized (lock) {
        try {
          while (!shouldSend(lastSend)) {
            if (closed && queue.size() == 0) return;
            long waitNanos = queue.size() == 0 ? 0 : lastSend + sendIntervalNanos - System.nanoTime();
            if (queue.size() == 0 && flushRequested) flushRequested = false;
            if (queue.size() == 0 || waitNanos > 0) {
              lock.wait(queue.size() == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            }
          }
        } catch (InterruptedException e) {
          return;
        }
        if (closed && System.nanoTime() - closeDeadlineNanos > 0) return;
        batch = queue.drainBatch(encoding, messageMaxBytes, batchBytes);
        inFlightSpans = batch.size();
        inFlightBytes = batchBytes[0];
      }
      lastSend = System.nanoTime();
      deliver(batch, batchBytes[0]);
    }
  }

  /** Whether a batch should go now. Called with the lock held. */
  private boolean shouldSend(long lastSend) {
    if (queue.size() == 0) return false;
    if (closed || flushRequested) return true;
    if (encoding.listSizeInBytes(queue.size(), queue.bytes()) >= messageMaxBytes) return true;
    return System.nanoTime() - lastSend >= sendIntervalNanos;
  }

  /**
   * Sends a batch whose spans' encoded sizes add up to {@code spanBytes}, with retries, splitting
   * it on 400/413, and settles every span in it.
   */
  private void deliver(List<FinishedSpan> batch, long spanBytes) {
    byte[] message;
    try {
      message = new byte[encoding.listSizeInBytes(batch.size(), spanBytes)];
      int end = encoder.writeList(batch, message, 0);
      if (end != message.length) throw new IllegalStateException("wrote " + end + " bytes of " + message.length);
    } catch (RuntimeException e) {
      settleDropped(DropReason.REJECTED, batch.size(), "could not encode " + batch.size() + " spans: " + e);
      return;
    }
    for (int attempt = 1; ; attempt++) {
      long backoffNanos = Math.min(RETRY_MAX_NANOS, RETRY_BASE_NANOS << Math.min(attempt - 1, 20));
      try {
        sender.send(message);
        settleSent(batch.size(), message.length);
        return;
      } catch (SendException e) {
        metrics.sendError();
        if (e.isSplittable()) {
          split(batch, e);
          return;
        }
        if (!e.isRetryable()) {
          settleDropped(DropReason.REJECTED, batch.size(),
              "the collector refused " + batch.size() + " spans with " + e.statusCode() + ": " + e.getMessage());
          return;
        }
        if (e.retryAfter() != null) backoffNanos = Math.min(RETRY_AFTER_MAX_NANOS, e.retryAfter().toNanos());
        if (attempt >= maxAttempts) {
          settleDropped(DropReason.SEND_FAILED, batch.size(), "gave up sending " + batch.size() + " spans after "
              + attempt + " attempts; the collector answered " + e.statusCode() + ": " + e.getMessage());
          return;
        }
      } catch (IOException | RuntimeException e) {
        metrics.sendError();
        if (attempt >= maxAttempts || e instanceof RuntimeException) {
          settleDropped(DropReason.SEND_FAILED, batch.size(),
              "gave up sending " + batch.size() + " spans after " + attempt + " attempts: " + e);
          return;
        }
      }
      if (!sleepBeforeRetry(backoffNanos)) {
        settleDropped(DropReason.CLOSED, batch.size(), "dropped " + batch.size() + " spans being retried at close");
        return;
      }
    }
  }

  private void split(List<FinishedSpan> batch, SendException e) {
    if (batch.size() == 1) {
      DropReason reason = e.statusCode() == 413 ? DropReason.TOO_LARGE : DropReason.REJECTED;
      settleDropped(reason, 1, "the collector refused a span with " + e.statusCode() + ": " + e.getMessage());
      return;
    }
    int half = batch.size() / 2;
    List<FinishedSpan> first = batch.subList(0, half);
    List<FinishedSpan> second = batch.subList(half, batch.size());
    deliver(first, encoder.sizeInBytes(first));
    deliver(second, encoder.sizeInBytes(second));
  }

  /** Waits before a retry; returns false when the reporter is closing and its deadline has passed. */
  private boolean sleepBeforeRetry(long backoffNanos) {
    long wakeAt = System.nanoTime() + backoffNanos;
    synchronized (lock) {
      try {
        while (true) {
          long now = System.nanoTime();
          if (closed && now - closeDeadlineNanos > 0) return false;
          long until = closed ? Math.min(wakeAt, closeDeadlineNanos) : wakeAt;
          if (now - until >= 0) return !(closed && now - closeDeadlineNanos > 0);
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now)));
        }
      } catch (InterruptedException e) {
        return false;
      }
    }
  }

  private void settleSent(int spans, int bytes) {
    synchronized (lock) {
      if (abandoned) return;
      metrics.sent(spans, bytes);
      settle(spans);
    }
  }

  private void settleDropped(DropReason reason, int spans, String why) {
    synchronized (lock) {
      if (abandoned) return;
      metrics.dropped(reason, spans);
      settle(spans);
    }
    failureLog.warn(why);
  }

  /** Called with the lock held. */
  private void settle(int spans) {
    inFlightSpans -= spans;
    inFlightBytes = inFlightSpans == 0 ? 0 : inFlightBytes;
    settled += spans;
    lock.notifyAll();
  }

  private void drop(DropReason reason, int spans, String why) {
    metrics.dropped(reason, spans);
    failureLog.warn(why);
  }

  /** Called with the lock held. */
  private void awaitSettled(long target, long deadline) throws InterruptedException {
    while (settled < target && !abandoned) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) return;
      lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    }
  }

  @Override
  public String toString() {
    return "AsyncReporter{" + sender + ", " + metrics + "}";
  }

  /** Configures an {@link AsyncReporter}. */
  public static final class Builder {
    private final Sender sender;
    private int queuedMaxSpans = 50_000;
    private long queuedMaxBytes = 16L * 1024 * 1024;
    private int messageMaxBytes = 500_000;
    private Duration sendInterval = Duration.ofSeconds(1);
    private int maxAttempts = 5;
    private Duration closeTimeout = Duration.ofSeconds(5);

    private Builder(Sender sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The most spans waiting to be sent; more are dropped. Default 50,000. */
    public Builder queuedMaxSpans(int queuedMaxSpans) {
      if (queuedMaxSpans < 1) throw new IllegalArgumentException("queuedMaxSpans must be positive");
      this.queuedMaxSpans = queuedMaxSpans;
      return this;
    }

    /** The most encoded bytes waiting to be sent; more spans are dropped. Default 16 MiB. */
    public Builder queuedMaxBytes(long queuedMaxBytes) {
      if (queuedMaxBytes < 1) throw new IllegalArgumentException("queuedMaxBytes must be positive");
      this.queuedMaxBytes = queuedMaxBytes;
      return this;
    }

    /**
     * The largest message; the sender's own limit applies too. Default 500,000 bytes, well
     * under the 10 MiB at which Zipkin fails requests.
     */
    public Builder messageMaxBytes(int messageMaxBytes) {
      if (messageMaxBytes < 64) throw new IllegalArgumentException("messageMaxBytes must be at least 64");
      this.messageMaxBytes = messageMaxBytes;
      return this;
    }

    /** The longest a span waits before its batch is sent. Default 1 s; a few ms works. */
    public Builder sendInterval(Duration sendInterval) {
      if (sendInterval.isNegative() || sendInterval.isZero()) throw new IllegalArgumentException("sendInterval must be positive");
      this.sendInterval = sendInterval;
      return this;
    }

    /** How many times a batch is tried before it is dropped. Default 5. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be positive");
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** How long {@link AsyncReporter#close()} and {@code flush()} wait at most. Default 5 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      if (closeTimeout.isNegative()) throw new IllegalArgumentException("closeTimeout must not be negative");
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Returns the reporter; its background thread starts now. */
    public AsyncReporter build() {
      return new AsyncReporter(this);
    }
  }
}
