package io.ziptrace.micrometer;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.ziptrace.Reporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ziptrace reporter of the bridged tracer: each finished span goes through Micrometer's
 * exporting predicates (any false drops it from every export), then its span filters in order
 * (their edits reach all later steps), then its span reporters, then the ziptrace reporter (e.g.
 * to Zipkin). A callback that throws is skipped, so it cannot stop the export.
 */
final class ExportingReporter implements Reporter {
  private final SpanExportingPredicate[] predicates;
  private final SpanFilter[] filters;
  private final SpanReporter[] reporters;
  private final Reporter delegate;
  private final AtomicBoolean spanReportersClosed = new AtomicBoolean();

  ExportingReporter(List<SpanExportingPredicate> predicates, List<SpanFilter> filters, List<SpanReporter> reporters,
      Reporter delegate) {
    this.predicates = predicates.toArray(new SpanExportingPredicate[0]);
    this.filters = filters.toArray(new SpanFilter[0]);
    this.reporters = reporters.toArray(new SpanReporter[0]);
    this.delegate = delegate;
  }

  @Override
  public void report(io.ziptrace.FinishedSpan span) {
    if (predicates.length == 0 && filters.length == 0 && reporters.length == 0) {
      delegate.report(span);
      return;
    }
    ZiptraceFinishedSpan view = new ZiptraceFinishedSpan(span, PendingError.of(span.context()));
    for (SpanExportingPredicate predicate : predicates) {
      if (!exportable(predicate, view)) return;
    }
    for (SpanFilter filter : filters) view = map(filter, view);
    for (SpanReporter reporter : reporters) {
      try {
        reporter.report(view);
      } catch (RuntimeException | LinkageError ignored) {
        // One failing reporter must not stop the others nor the export.
      }
    }
    delegate.report(view.toZiptrace());
  }

  private static boolean exportable(SpanExportingPredicate predicate, FinishedSpan span) {
    try {
      return predicate.isExportable(span);
    } catch (RuntimeException | LinkageError ignored) {
      return true;
    }
  }

  /** The filter's result; the span as it was when the filter throws or returns a foreign view. */
  private static ZiptraceFinishedSpan map(SpanFilter filter, ZiptraceFinishedSpan span) {
    try {
      FinishedSpan mapped = filter.map(span);
      return mapped instanceof ZiptraceFinishedSpan ? (ZiptraceFinishedSpan) mapped : span;
    } catch (RuntimeException | LinkageError ignored) {
      return span;
    }
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  /** Closes the span reporters, then the ziptrace reporter (as closing a ziptrace tracer does). */
  @Override
  public void close() {
    closeSpanReporters();
    delegate.close();
  }

  /** Closes the span reporters once; never throws. */
  void closeSpanReporters() {
    if (!spanReportersClosed.compareAndSet(false, true)) return;
    for (SpanReporter reporter : reporters) {
      try {
        reporter.close();
      } catch (Exception | LinkageError ignored) {
        // Closing must go on with the others.
      }
    }
  }

  @Override
  public String toString() {
    return "ExportingReporter{" + delegate + "}";
  }
}
