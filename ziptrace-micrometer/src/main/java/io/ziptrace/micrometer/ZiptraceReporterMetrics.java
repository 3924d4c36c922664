package io.ziptrace.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.ReporterMetrics;
import java.util.Locale;
import java.util.Objects;

/**
 * Micrometer meters for an {@link AsyncReporter}'s {@link ReporterMetrics}: counters {@code
 * ziptrace.reporter.spans.reported}, {@code ziptrace.reporter.spans.sent}, {@code
 * ziptrace.reporter.spans.dropped} (tag {@code reason}: one per {@link DropReason}), {@code
 * ziptrace.reporter.messages.sent}, {@code ziptrace.reporter.bytes.sent}, {@code
 * ziptrace.reporter.send.errors}; gauges {@code ziptrace.reporter.queue.spans} and {@code
 * ziptrace.reporter.queue.bytes}. Meters read the reporter's counts when published: nothing is
 * added to the reporting path. Needs {@code micrometer-core}.
 */
public final class ZiptraceReporterMetrics implements MeterBinder {
  private final ReporterMetrics metrics;

  /** Meters for {@code reporter}. */
  public ZiptraceReporterMetrics(AsyncReporter reporter) {
    this.metrics = Objects.requireNonNull(reporter, "reporter").metrics();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("ziptrace.reporter.spans.reported", metrics, ReporterMetrics::spansReported)
        .description("Spans handed to the reporter").baseUnit("spans").register(registry);
    FunctionCounter.builder("ziptrace.reporter.spans.sent", metrics, ReporterMetrics::spansSent)
        .description("Spans the sender accepted").baseUnit("spans").register(registry);
    for (DropReason reason : DropReason.values()) {
      FunctionCounter.builder("ziptrace.reporter.spans.dropped", metrics, m -> m.spansDropped(reason))
          .description("Spans dropped, by reason").baseUnit("spans")
          .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
    }
    FunctionCounter.builder("ziptrace.reporter.messages.sent", metrics, ReporterMetrics::messagesSent)
        .description("Messages the sender accepted").baseUnit("messages").register(registry);
    FunctionCounter.builder("ziptrace.reporter.bytes.sent", metrics, ReporterMetrics::bytesSent)
        .description("Encoded bytes the sender accepted").baseUnit("bytes").register(registry);
    FunctionCounter.builder("ziptrace.reporter.send.errors", metrics, ReporterMetrics::sendErrors)
        .description("Failed send attempts").baseUnit("errors").register(registry);
    Gauge.builder("ziptrace.reporter.queue.spans", metrics, ReporterMetrics::queuedSpans)
        .description("Spans waiting to be sent").baseUnit("spans").register(registry);
    Gauge.builder("ziptrace.reporter.queue.bytes", metrics, ReporterMetrics::queuedBytes)
        .description("Encoded bytes waiting to be sent").baseUnit("bytes").register(registry);
  }

  @Override
  public String toString() {
    return "ZiptraceReporterMetrics{" + metrics + "}";
  }
}
