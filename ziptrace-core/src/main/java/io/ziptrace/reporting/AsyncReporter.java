package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Reporter;
import io.ziptrace.encoding.SpanEncoder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Queues finished spans and sends them in batches from one background thread, so the
 * application never waits for the collector and never sees its failures.
 *
 * <ul>
 *   <li>{@link #report} never blocks on I/O and never throws. The queue is bounded by span count
 *       and encoded bytes; when full, the new span is dropped and counted.
 *   <li>A batch is sent when it reaches the message size limit or when the send interval has
 *       passed since the last send. The thread starts with the first span reported.
 *   <li>When the collector cannot be reached, or asks to be retried later, the batch is retried
 *       with exponential backoff (honouring the wait the collector asks for) up to {@code
 *       maxAttempts}; then it is dropped and counted. When the collector refuses something in a
 *       batch, the batch is split in halves to isolate the span it refuses; when it rejects the
 *       batch outright, the batch is dropped at once. The {@link Sender} says which, through
 *       {@link SendException}. Failures are logged at a bounded rate.
 *   <li>{@link #close()} stops accepting spans, sends what is queued within {@code closeTimeout},
 *       and counts whatever it could not send. Every reported span ends up sent or counted in
 *       {@link #metrics()}.
 * </ul>
 */
public final class AsyncReporter implements Reporter {
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Sender sender;
  private final SpanEncoder encoder;
  private final int messageMaxBytes;
  private final Duration closeTimeout;
  private final RateLimitedLog log = new RateLimitedLog(LOG_INTERVAL_NANOS);
  private final PendingSpans pending;
  private final ReporterMetrics metrics;
  private final Flusher flusher;

  private AsyncReporter(Builder b) {
    this.sender = b.sender;
    this.encoder = SpanEncoder.of(b.sender.encoding());
    this.messageMaxBytes = Math.min(b.messageMaxBytes, b.sender.messageMaxBytes());
    this.closeTimeout = b.closeTimeout;
    this.pending = new PendingSpans(b.queuedMaxSpans, b.queuedMaxBytes, b.sender.encoding(), messageMaxBytes);
    this.metrics = new ReporterMetrics(pending::queuedSpans, pending::queuedBytes);
    Deliverer deliverer = new Deliverer(b.sender, b.maxAttempts, pending, metrics, log);
    this.flusher = new Flusher(pending, deliverer, b.sendInterval, b.threadFactory, log);
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

  /** Queues the span for sending, or counts it as dropped; never blocks on I/O, never throws. */
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
    if (sender.encoding().listSizeInBytes(1, size) > messageMaxBytes) {
      drop(DropReason.TOO_LARGE, 1, "a span of " + size + " bytes exceeds the message limit of " + messageMaxBytes);
      return;
    }
    if (!flusher.ensureStarted()) { // logged once by the flusher
      metrics.dropped(DropReason.SEND_FAILED, 1);
      return;
    }
    DropReason refused = pending.offer(span, size);
    if (refused != null) metrics.dropped(refused, 1);
  }

  /**
   * Sends everything reported before this call, waiting at most the close timeout. Never
   * throws; returns early if the reporter is closed meanwhile.
   */
  @Override
  public void flush() {
    pending.awaitFlushed(System.nanoTime() + closeTimeout.toNanos());
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
    pending.close(System.nanoTime() + closeTimeout.toNanos());
    flusher.awaitStop(closeTimeout);
    int lost = pending.abandon();
    if (lost > 0) drop(DropReason.CLOSED, lost, lost + " spans were still unsent when close() timed out after " + closeTimeout);
    try {
      sender.close();
    } catch (RuntimeException e) {
      log.warn("sender failed to close: " + e);
    }
  }

  @Override
  public String toString() {
    return "AsyncReporter{" + sender + ", " + metrics + "}";
  }

  private void drop(DropReason reason, int spans, String why) {
    metrics.dropped(reason, spans);
    log.warn(why);
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
    private ThreadFactory threadFactory = Builder::defaultThread;

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

    /**
     * Makes the thread that sends spans, started on the first {@link AsyncReporter#report}.
     * Default: a daemon thread named {@code ziptrace-reporter}. If the factory throws or returns
     * null, the reporter cannot send: every span reported is counted as {@link
     * DropReason#SEND_FAILED}, and the failure is logged once.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /** Returns the reporter; its background thread starts with the first span reported. */
    public AsyncReporter build() {
      return new AsyncReporter(this);
    }

    private static Thread defaultThread(Runnable flushLoop) {
      Thread thread = new Thread(flushLoop, "ziptrace-reporter");
      thread.setDaemon(true);
      return thread;
    }
  }
}
