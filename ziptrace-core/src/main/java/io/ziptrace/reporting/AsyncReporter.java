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
 * Queues finished spans and sends them in batches from background threads (two by default, one
 * encoding at a time, see {@link Builder#maxConcurrentSends}), so the application never waits for
 * the collector and never sees its failures.
 *
 * <ul>
 *   <li>{@link #report} never blocks on I/O and never throws. The queue is bounded by span count
 *       and bytes (by the encoder's cheap estimate, never more than exact; the reporter's thread
 *       measures exactly when it cuts messages); when full, the new span is dropped and counted.
 *   <li>A batch goes when it fills a message or half the queue, or the send interval has passed.
 *   <li>When the collector cannot be reached, or asks to be retried later, the batch is retried
 *       with backoff for up to {@link Builder#retryTimeout}, then dropped and counted. When the
 *       collector refuses a span in a batch, the batch is split in halves to isolate it; when it
 *       rejects the batch outright, the batch is dropped. The {@link Sender} says which ({@link
 *       SendException}).
 *   <li>{@link #close()} sends what is queued within {@code closeTimeout} and counts what it could
 *       not send: every reported span ends up sent or counted in {@link #metrics()}. A reporter
 *       still open at JVM shutdown is closed by a shutdown hook ({@link Builder#shutdownHook}).
 * </ul>
 *
 * <p>Problems are logged through {@code System.Logger} (named after this class) at WARNING, each
 * line saying what happened, to how many spans, for which collector ({@link Sender#destination()})
 * and why; lines of a kind are logged at most once per 30 s, the next saying what was dropped
 * meanwhile, and {@link #close()} logs a summary of what was sent and dropped. The user guide's
 * "Reporting to Zipkin" lists the lines and what to do about each.
 */
public final class AsyncReporter implements Reporter {
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int MIN_MESSAGE_BYTES = 64;

  private final Sender sender;
  private final Duration closeTimeout;
  private final DeliveryPipeline pipeline;
  private final ReporterMetrics metrics;
  private final SpanIntake intake;
  private final ReporterClose closing;

  private AsyncReporter(Builder b) {
    this.sender = b.sender;
    SpanEncoder encoder = SpanEncoder.of(SenderChecks.encoding(b.sender));
    int messageMaxBytes = Math.min(b.messageMaxBytes, SenderChecks.messageMaxBytes(b.sender, MIN_MESSAGE_BYTES));
    this.closeTimeout = b.closeTimeout;
    this.pipeline = new DeliveryPipeline(b.queuedMaxSpans, b.queuedMaxBytes, encoder.encoding(), messageMaxBytes,
        b.sendInterval.toNanos());
    this.metrics = new ReporterMetrics(pipeline::queuedSpans, pipeline::queuedBytes);
    ReporterLog log = new ReporterLog(b.sender.destination(), metrics, LOG_INTERVAL_NANOS);
    Deliverer deliverer = new Deliverer(b.sender, messageMaxBytes, b.retryTimeout, pipeline, metrics, log);
    boolean hookCloses = b.shutdownHook;
    pipeline.runOn(deliverer, b.maxConcurrentSends, b.threadFactory, log, () -> ReporterShutdown.register(this, hookCloses));
    this.intake = new SpanIntake(encoder, messageMaxBytes, b.queuedMaxSpans, b.queuedMaxBytes, pipeline, metrics, log);
    this.closing = new ReporterClose(b.sender, closeTimeout, pipeline, metrics, log);
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
    if (span != null) intake.report(span);
  }

  /**
   * Sends everything reported before this call, waiting at most the close timeout. Never
   * throws; returns early if the reporter is closed meanwhile.
   */
  @Override
  public void flush() {
    pipeline.awaitFlushed(System.nanoTime() + closeTimeout.toNanos());
  }

  /** Closes in the background; the future completes when {@link #close()} would return. */
  public CompletableFuture<Void> closeAsync() {
    return CompletableFuture.runAsync(this::close, work -> daemon(work, "ziptrace-reporter-close").start());
  }

  /**
   * Stops accepting spans, sends those already reported within the close timeout, counts the
   * rest as dropped ({@link DropReason#CLOSED}) and closes the sender. Idempotent; a second call
   * made meanwhile (by the shutdown hook, say) waits for the same spans.
   */
  @Override
  public void close() {
    closing.close(intake::services);
    ReporterShutdown.deregister(this);
  }

  /** Called by the JVM's shutdown hook: {@link #close()}, remembering who closed. */
  void closeAtExit() {
    if (!pipeline.isClosed()) intake.closingAtExit(); // the application's own close() came first otherwise
    close();
  }

  @Override
  public String toString() {
    return "AsyncReporter{" + sender + ", " + metrics + "}";
  }

  /** Configures an {@link AsyncReporter}. */
  public static final class Builder {
    private final Sender sender;
    private int queuedMaxSpans = 150_000;
    private long queuedMaxBytes = 48L * 1024 * 1024;
    private int messageMaxBytes = 500_000;
    private Duration sendInterval = Duration.ofSeconds(1);
    private Duration retryTimeout = Duration.ofMinutes(1);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private int maxConcurrentSends = 2;
    private ThreadFactory threadFactory = work -> daemon(work, "ziptrace-reporter");
    private boolean shutdownHook = true;

    private Builder(Sender sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * The most spans waiting to be sent; more are dropped. Default 150,000: with the byte limit,
     * a few seconds of a busy service's spans while its collector pauses; it binds for small spans.
     */
    public Builder queuedMaxSpans(int queuedMaxSpans) {
      if (queuedMaxSpans < 1) throw new IllegalArgumentException("queuedMaxSpans must be positive, was " + queuedMaxSpans);
      this.queuedMaxSpans = queuedMaxSpans;
      return this;
    }

    /**
     * The most bytes of spans waiting or in flight, as the encoder estimates them; more are
     * dropped. Default 48 MiB, about the heap a full queue of typical spans retains (the guide's
     * "Reporting to Zipkin" has the measurements): lower it where heap is scarce.
     */
    public Builder queuedMaxBytes(long queuedMaxBytes) {
      if (queuedMaxBytes < 1) throw new IllegalArgumentException("queuedMaxBytes must be positive, was " + queuedMaxBytes);
      this.queuedMaxBytes = queuedMaxBytes;
      return this;
    }

    /** The largest message; the sender's own limit applies too. Default 500,000 bytes, well under Zipkin's 10 MiB. */
    public Builder messageMaxBytes(int messageMaxBytes) {
      if (messageMaxBytes < MIN_MESSAGE_BYTES) throw new IllegalArgumentException("messageMaxBytes must be at least " + MIN_MESSAGE_BYTES);
      this.messageMaxBytes = messageMaxBytes;
      return this;
    }

    /** The longest a span waits before its batch is sent. Default 1 s; a few ms works. */
    public Builder sendInterval(Duration sendInterval) {
      if (sendInterval.isNegative() || sendInterval.isZero()) throw new IllegalArgumentException("sendInterval must be positive");
      this.sendInterval = sendInterval;
      return this;
    }

    /**
     * How long a batch is retried while the collector cannot be reached or asks to be retried
     * later, from its first failed send; then it is dropped as {@link DropReason#SEND_FAILED}.
     * Tries back off exponentially (or as the collector asks), the last when the time is up.
     * Default 1 minute, so that a collector's restart loses nothing; new spans meanwhile wait
     * within the queue's limits. {@link Duration#ZERO} gives a batch up at its first failure.
     */
    public Builder retryTimeout(Duration retryTimeout) {
      if (retryTimeout.isNegative()) throw new IllegalArgumentException("retryTimeout must not be negative");
      this.retryTimeout = retryTimeout;
      return this;
    }

    /**
     * How many messages may be in flight to the collector at once, each sent by its own thread
     * over its own connection. Default 2. More than one matters only when a backlog builds up (a
     * distant collector's round trips, a stalled request); it does not make a collector store
     * faster. The threads encode in turn, one at a time, and send concurrently, so encoding takes
     * one core at most. Spans may arrive out of order, which Zipkin does not mind. The queue's
     * limits cover the spans in flight. {@link Sender#send} must be thread-safe when this is
     * above 1, as ziptrace's own senders are: set 1 for one that is not.
     */
    public Builder maxConcurrentSends(int maxConcurrentSends) {
      if (maxConcurrentSends < 1) throw new IllegalArgumentException("maxConcurrentSends must be positive");
      this.maxConcurrentSends = maxConcurrentSends;
      return this;
    }

    /** How long {@link AsyncReporter#close()} (the shutdown hook's too) and {@code flush()} wait at most. Default 5 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      if (closeTimeout.isNegative()) throw new IllegalArgumentException("closeTimeout must not be negative");
      this.closeTimeout = closeTimeout;
      return this;
    }

    /**
     * Makes the reporter's threads on the first {@link AsyncReporter#report}: one per {@link
     * #maxConcurrentSends concurrent send}. Default: daemon threads named {@code
     * ziptrace-reporter}. If the factory fails for the first, every span is counted as {@link
     * DropReason#SEND_FAILED} and the failure logged once; for a later one, the reporter sends
     * with the threads it has and stops asking.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Whether the reporter is closed at JVM shutdown (a normal exit, {@code System.exit}, SIGTERM;
     * not {@code kill -9} or a crash) if it is still open then, delivering what is queued within
     * the close timeout. Default true. One hook serves the JVM, holding a reporter only from its
     * first span until {@link AsyncReporter#close()}. Shutdown hooks run at once, in no set order:
     * when a hook of your own still finishes spans, this one may close the reporter first and those
     * spans are dropped as {@link DropReason#CLOSED}; set false then, and close the tracer at the
     * end of your hook.
     */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * Returns the reporter; its threads start with the first span reported.
     *
     * @throws IllegalArgumentException when the sender's {@code encoding()} is null or its {@code messageMaxBytes()} is below 64
     */
    public AsyncReporter build() {
      return new AsyncReporter(this);
    }
  }

  private static Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }
}
