package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Reporter;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import io.ziptrace.internal.Phrases;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Queues finished spans and sends them in batches from background threads (one encoding, and two
 * sending by default, see {@link Builder#maxConcurrentSends}), so the application never waits for
 * the collector and never sees its failures.
 *
 * <ul>
 *   <li>{@link #report} never blocks on I/O and never throws. The queue is bounded by span count
 *       and bytes; when full, the new span is dropped and counted. A span's bytes are counted on
 *       the application's thread by the encoder's cheap estimate (one byte per char of its
 *       strings: exact for ASCII text with nothing to escape, never more than exact); the
 *       reporter's thread measures exactly when it cuts messages.
 *   <li>A batch is sent when it reaches the message size limit or when the send interval has
 *       passed since the last send. The threads start with the first span reported.
 *   <li>When the collector cannot be reached, or asks to be retried later, the batch is retried
 *       with exponential backoff (honouring the wait the collector asks for) for up to {@code
 *       retryTimeout} (one minute by default, enough for a collector to restart); then it is
 *       dropped and counted. When the collector refuses something in a
 *       batch, the batch is split in halves to isolate the span it refuses; when it rejects the
 *       batch outright, the batch is dropped at once. The {@link Sender} says which, through
 *       {@link SendException}.
 *   <li>{@link #close()} stops accepting spans, sends what is queued within {@code closeTimeout},
 *       and counts whatever it could not send. Every reported span ends up sent or counted in
 *       {@link #metrics()}.
 *   <li>A reporter that has reported spans and is still open when the JVM shuts down (a normal
 *       exit, {@code System.exit}, SIGTERM) is closed by a shutdown hook, so an application that
 *       forgot {@code close()} still delivers its queue; see {@link Builder#shutdownHook}.
 * </ul>
 *
 * <p>Problems are logged through {@code System.Logger} (named after this class) at WARNING, each
 * line saying what happened, to how many spans, for which collector ({@link Sender#destination()})
 * and why, e.g. {@code gave up sending 12 spans to http://zipkin:9411/api/v2/spans: connection
 * refused (19 attempts over 60 s)}. Drops are logged at most once per 30 s, the next line saying
 * how many spans were dropped meanwhile, by {@link DropReason} (but the first span reported after
 * close is always logged); an outage is logged when it starts ({@code cannot send spans to ... yet:
 * ...; retrying}), at most once per 30 s, and when it ends ({@code spans reach ... again after 22
 * s}: at INFO, or at WARNING with the spans dropped meanwhile). {@link #close()} logs a
 * one-line summary of what was sent and dropped, by reason: at INFO when nothing was dropped, at
 * WARNING otherwise, and nothing when no span was ever reported. Once the JVM is shutting down,
 * these lines go to standard error instead, since the logging frameworks stop in shutdown hooks of
 * their own (java.util.logging resets its handlers in one); the logger's level still applies.
 */
public final class AsyncReporter implements Reporter {
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int DEFAULT_MAX_CONCURRENT_SENDS = 2;
  private static final int MIN_MESSAGE_BYTES = 64;

  private final Sender sender;
  private final SpanEncoder encoder;
  private final int messageMaxBytes;
  private final Duration closeTimeout;
  private final AtomicBoolean senderClosed = new AtomicBoolean();
  private final int queuedMaxSpans;
  private final long queuedMaxBytes;
  private final ReporterLog log;
  private final DeliveryPipeline pipeline;
  private final ReporterMetrics metrics;
  private final ReportingServices services = new ReportingServices();
  /** Whether the JVM's shutdown hook closed this reporter, for the line about spans reported after. */
  private volatile boolean closedAtExit;

  private AsyncReporter(Builder b) {
    this.sender = b.sender;
    this.encoder = SpanEncoder.of(checkedEncoding(b.sender));
    this.messageMaxBytes = Math.min(b.messageMaxBytes, checkedMessageMaxBytes(b.sender));
    this.closeTimeout = b.closeTimeout;
    this.queuedMaxSpans = b.queuedMaxSpans;
    this.queuedMaxBytes = b.queuedMaxBytes;
    this.pipeline = new DeliveryPipeline(b.queuedMaxSpans, b.queuedMaxBytes, b.sender.encoding(), messageMaxBytes,
        b.sendInterval.toNanos());
    this.metrics = new ReporterMetrics(pipeline::queuedSpans, pipeline::queuedBytes);
    this.log = new ReporterLog(b.sender.destination(), metrics, LOG_INTERVAL_NANOS);
    Deliverer deliverer = new Deliverer(b.sender, messageMaxBytes, b.retryTimeout, pipeline, metrics, log);
    boolean hookCloses = b.shutdownHook;
    pipeline.runOn(deliverer, b.maxConcurrentSends, b.threadFactory, log, () -> ReporterShutdown.register(this, hookCloses));
  }

  private static Encoding checkedEncoding(Sender sender) {
    Encoding encoding = sender.encoding();
    if (encoding == null) {
      throw new IllegalArgumentException(sender.getClass().getName() + ".encoding() returned null: a Sender must say "
          + "which encoding its messages are in (Encoding.JSON or Encoding.PROTO3)");
    }
    return encoding;
  }

  private static int checkedMessageMaxBytes(Sender sender) {
    int max = sender.messageMaxBytes();
    if (max < MIN_MESSAGE_BYTES) {
      throw new IllegalArgumentException(sender.getClass().getName() + ".messageMaxBytes() returned " + max
          + ": a Sender must take messages of at least " + MIN_MESSAGE_BYTES + " bytes, or no span would fit");
    }
    return max;
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
    services.saw(span);
    int size;
    try {
      size = encoder.estimatedSizeInBytes(span); // a lower bound; the reporter's thread measures exactly
    } catch (RuntimeException e) {
      drop(DropReason.REJECTED, () -> "dropped 1 span for " + log.destination() + ": could not encode it: " + e);
      return;
    }
    if (sender.encoding().listSizeInBytes(1, size) > messageMaxBytes) {
      drop(DropReason.TOO_LARGE, () -> "dropped 1 span for " + log.destination() + ": its " + size
          + " bytes or more exceed the message limit of " + messageMaxBytes + " bytes");
      return;
    }
    if (!pipeline.ensureStarted()) { // the pipeline logged why
      drop(DropReason.SEND_FAILED, () -> "dropped 1 span for " + log.destination() + ": the reporter's thread could not be started");
      return;
    }
    DropReason refused = pipeline.offer(span, size);
    if (refused == DropReason.QUEUE_FULL) {
      drop(refused, () -> "dropped 1 span for " + log.destination() + ": the queue is full (" + queuedMaxSpans
          + " spans or " + queuedMaxBytes + " bytes); the collector is slow or unreachable, or spans come faster than it takes them");
    } else if (refused != null) {
      metrics.dropped(refused, 1);
      log.droppedAfterClose(() -> "dropped 1 span for " + log.destination() + ": it was reported after close()" + (closedAtExit
          ? ", which ziptrace's shutdown hook called as the JVM began shutting down; to deliver spans finished after that"
              + " (by a shutdown hook of yours, or threads still running), build the reporter with shutdownHook(false) and"
              + " close the tracer once they are finished" : ""));
    }
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
   * rest as dropped ({@link DropReason#CLOSED}) and closes the sender. Idempotent; a second call
   * made meanwhile (by the shutdown hook, say) waits for the same spans.
   */
  @Override
  public void close() {
    ReporterShutdown.detect(); // so that what close() logs during shutdown is not lost
    pipeline.close(System.nanoTime() + closeTimeout.toNanos());
    pipeline.awaitStop(closeTimeout.toMillis(), this::closeSender);
    int lost = pipeline.abandon();
    if (lost > 0) {
      metrics.dropped(DropReason.CLOSED, lost);
      log.dropped(DropReason.CLOSED, lost, () -> "dropped " + Phrases.count(lost, "span") + " still unsent to "
          + log.destination() + " when close() timed out after " + Phrases.duration(closeTimeout));
    }
    closeSender();
    log.closed(services.describe());
    ReporterShutdown.deregister(this);
  }

  /** Called by the JVM's shutdown hook: {@link #close()}, remembering who closed. */
  void closeAtExit() {
    if (!pipeline.isClosed()) closedAtExit = true; // the application's own close() came first otherwise
    close();
  }

  /** Closes the sender once: at the close timeout if sends are still in flight, else after them. */
  private void closeSender() {
    if (!senderClosed.compareAndSet(false, true)) return;
    try {
      sender.close();
    } catch (RuntimeException e) {
      log.warn("the sender for " + log.destination() + " failed to close: " + e);
    }
  }

  @Override
  public String toString() {
    return "AsyncReporter{" + sender + ", " + metrics + "}";
  }

  /** Counts one span dropped at {@code report()} and logs why, at the log's bounded rate. */
  private void drop(DropReason reason, Supplier<String> why) {
    metrics.dropped(reason, 1);
    log.dropped(reason, 1, why);
  }

  /** Configures an {@link AsyncReporter}. */
  public static final class Builder {
    private final Sender sender;
    private int queuedMaxSpans = 50_000;
    private long queuedMaxBytes = 16L * 1024 * 1024;
    private int messageMaxBytes = 500_000;
    private Duration sendInterval = Duration.ofSeconds(1);
    private Duration retryTimeout = Duration.ofMinutes(1);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private int maxConcurrentSends = DEFAULT_MAX_CONCURRENT_SENDS;
    private ThreadFactory threadFactory = Builder::defaultThread;
    private boolean shutdownHook = true;

    private Builder(Sender sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The most spans waiting to be sent; more are dropped. Default 50,000. */
    public Builder queuedMaxSpans(int queuedMaxSpans) {
      if (queuedMaxSpans < 1) throw new IllegalArgumentException("queuedMaxSpans must be positive");
      this.queuedMaxSpans = queuedMaxSpans;
      return this;
    }

    /**
     * The most bytes of spans waiting to be sent, as the encoder estimates them (exact for ASCII
     * text with nothing to escape, less otherwise); more spans are dropped. Default 16 MiB.
     */
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
      if (messageMaxBytes < MIN_MESSAGE_BYTES) {
        throw new IllegalArgumentException("messageMaxBytes must be at least " + MIN_MESSAGE_BYTES);
      }
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
     * later, counted from its first failed send; then it is dropped and counted as {@link
     * DropReason#SEND_FAILED}. Tries are spaced 50 ms apart, doubling to at most 5 s (or as the
     * collector asks, up to 30 s), and the last is made when the time is up. Default 1 minute:
     * twice what a Zipkin server takes to stop and boot again on a small machine, so a restart
     * loses nothing. Meanwhile new spans wait in the queue, within its limits ({@link
     * #queuedMaxSpans}, {@link #queuedMaxBytes}), so memory stays bounded however long the
     * outage; spans beyond them are dropped as {@link DropReason#QUEUE_FULL}. {@link
     * Duration#ZERO} gives a batch up at its first failure.
     */
    public Builder retryTimeout(Duration retryTimeout) {
      if (retryTimeout.isNegative()) throw new IllegalArgumentException("retryTimeout must not be negative");
      this.retryTimeout = retryTimeout;
      return this;
    }

    /**
     * How many messages may be in flight to the collector at once, each sent by its own background
     * thread over its own connection (opened only when needed). Default 2. More than one send
     * matters only when a backlog builds up, i.e. when spans come faster than one connection
     * delivers them, as when each send waits out the round trip to a distant collector or one
     * request stalls. It does not make a collector store faster: Zipkin answers once it has
     * decoded a message and stores it afterwards (see {@code docs/benchmarks.md}). Besides the send
     * threads, one more thread takes batches from the queue and encodes them, one message at a
     * time, so encoding takes about one core at most from the application however many sends are
     * in flight. Spans may arrive out of order, which Zipkin does not mind. The queue's limits
     * cover the spans in flight; each send thread also keeps the array its messages are encoded
     * into, which grows to the largest message sent (at most the message size limit), so that a
     * busy reporter does not allocate one per send. The sender's {@link Sender#send} must be
     * thread-safe when this is above 1, as ziptrace's own senders are: set 1 for one that is not.
     */
    public Builder maxConcurrentSends(int maxConcurrentSends) {
      if (maxConcurrentSends < 1) throw new IllegalArgumentException("maxConcurrentSends must be positive");
      this.maxConcurrentSends = maxConcurrentSends;
      return this;
    }

    /**
     * How long {@link AsyncReporter#close()} and {@code flush()} wait at most, the shutdown hook's
     * close included. Default 5 s.
     */
    public Builder closeTimeout(Duration closeTimeout) {
      if (closeTimeout.isNegative()) throw new IllegalArgumentException("closeTimeout must not be negative");
      this.closeTimeout = closeTimeout;
      return this;
    }

    /**
     * Makes the reporter's threads, started on the first {@link AsyncReporter#report}: one that
     * encodes, then one per {@link #maxConcurrentSends concurrent send}. Default: daemon threads
     * named {@code ziptrace-reporter}. If the factory throws or returns null for the first thread,
     * the reporter cannot send: every span reported is counted as {@link DropReason#SEND_FAILED},
     * and the failure is logged once; for a later thread, the reporter sends with those it has
     * (with none, the encoding thread sends too).
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Whether the reporter is closed at JVM shutdown (a normal exit, {@code System.exit}, SIGTERM;
     * not {@code kill -9} or a crash) if it is still open then, delivering what is queued within
     * the close timeout. Default true. The hook is one for the whole JVM and holds a reporter only
     * from its first span until {@link AsyncReporter#close()}, so reporters created and closed in a
     * loop leave nothing behind.
     *
     * <p>Shutdown hooks run at the same time, in no set order. When a shutdown hook of your own
     * still finishes spans (a server's graceful stop, say), this one may close the reporter
     * first, and those spans are dropped as {@link DropReason#CLOSED} (the first such drop is
     * logged with this advice, whatever the log's rate limit): set false and
     * close the tracer at the end of your hook instead. A framework that closes the reporter
     * itself at shutdown may set false too; leaving it on does no harm, as {@code close()} is
     * idempotent.
     */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * Returns the reporter; its background threads start with the first span reported.
     *
     * @throws IllegalArgumentException when the sender's {@code encoding()} is null or its {@code
     *     messageMaxBytes()} is below 64
     */
    public AsyncReporter build() {
      return new AsyncReporter(this);
    }

    private static Thread defaultThread(Runnable work) {
      Thread thread = new Thread(work, "ziptrace-reporter");
      thread.setDaemon(true);
      return thread;
    }
  }
}
