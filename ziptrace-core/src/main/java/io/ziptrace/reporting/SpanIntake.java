package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.SpanEncoder;
import java.util.function.Supplier;

/**
 * What {@link AsyncReporter#report} does on the application's thread: estimates the span's size,
 * refuses one too large for a message or for the whole queue, starts the reporter's threads on the first span, and
 * offers it to the queue; every span refused is counted and logged, at the log's bounded rate.
 * Never blocks on I/O, never throws.
 */
final class SpanIntake {
  private final SpanEncoder encoder;
  private final int messageMaxBytes;
  private final int queuedMaxSpans;
  private final long queuedMaxBytes;
  private final DeliveryPipeline pipeline;
  private final ReporterMetrics metrics;
  private final ReporterLog log;
  private final ReportingServices services = new ReportingServices();
  /** Whether the JVM's shutdown hook closed the reporter, for the line about spans reported after. */
  private volatile boolean closedAtExit;

  SpanIntake(SpanEncoder encoder, int messageMaxBytes, int queuedMaxSpans, long queuedMaxBytes,
      DeliveryPipeline pipeline, ReporterMetrics metrics, ReporterLog log) {
    this.encoder = encoder;
    this.messageMaxBytes = messageMaxBytes;
    this.queuedMaxSpans = queuedMaxSpans;
    this.queuedMaxBytes = queuedMaxBytes;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.log = log;
  }

  void report(FinishedSpan span) {
    metrics.reported();
    services.saw(span);
    int size;
    try {
      size = encoder.estimatedSizeInBytes(span); // a lower bound; the reporter's thread measures exactly
    } catch (RuntimeException e) {
      drop(DropReason.REJECTED, () -> "could not encode it: " + e);
      return;
    }
    if (encoder.encoding().listSizeInBytes(1, size) > messageMaxBytes) {
      drop(DropReason.TOO_LARGE, () -> "its " + size + " bytes or more exceed the message limit of " + messageMaxBytes + " bytes");
      return;
    }
    if (!pipeline.ensureStarted()) { // the pipeline logged why
      drop(DropReason.SEND_FAILED, () -> "the reporter's thread could not be started");
      return;
    }
    DropReason refused = pipeline.offer(span, size);
    if (refused == DropReason.TOO_LARGE) {
      drop(refused, () -> "its " + size + " bytes or more exceed the queue's byte limit of " + queuedMaxBytes + " bytes");
    } else if (refused == DropReason.QUEUE_FULL) {
      drop(refused, () -> "the queue is full (" + queuedMaxSpans + " spans or " + queuedMaxBytes
          + " bytes); the collector is slow or unreachable, or spans come faster than it takes them");
    } else if (refused != null) {
      metrics.dropped(refused, 1);
      log.droppedAfterClose(closedAtExit);
    }
  }

  /** The JVM's shutdown hook is closing the reporter: spans reported after are logged with advice. */
  void closingAtExit() {
    closedAtExit = true;
  }

  /** Whose spans these were, for the close summary ({@link ReportingServices#describe()}). */
  String services() {
    return services.describe();
  }

  private void drop(DropReason reason, Supplier<String> why) {
    metrics.dropped(reason, 1);
    log.dropped(reason, 1, () -> "dropped 1 span for " + log.destination() + ": " + why.get());
  }
}
