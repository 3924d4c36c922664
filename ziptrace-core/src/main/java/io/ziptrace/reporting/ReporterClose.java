package io.ziptrace.reporting;

import io.ziptrace.internal.Phrases;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What {@link AsyncReporter#close()} does: refuses new spans, lets the pipeline drain within the
 * close timeout, aborts sends still running past it (by closing the sender), counts what is left
 * as dropped, closes the sender once and logs the summary. Idempotent.
 */
final class ReporterClose {
  private final Sender sender;
  private final Duration closeTimeout;
  private final DeliveryPipeline pipeline;
  private final ReporterMetrics metrics;
  private final ReporterLog log;
  private final AtomicBoolean senderClosed = new AtomicBoolean();

  ReporterClose(Sender sender, Duration closeTimeout, DeliveryPipeline pipeline, ReporterMetrics metrics, ReporterLog log) {
    this.sender = sender;
    this.closeTimeout = closeTimeout;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.log = log;
  }

  /** Closes; {@code services} says whose spans were sent, for the summary. */
  void close(Supplier<String> services) {
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
    log.closed(services.get());
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
}
