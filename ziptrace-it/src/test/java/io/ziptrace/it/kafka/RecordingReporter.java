package io.ziptrace.it.kafka;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps every span it is handed, then hands it on: what was reported, to compare with what Zipkin stored. */
final class RecordingReporter implements Reporter {
  private final Reporter delegate;
  private final ConcurrentLinkedQueue<FinishedSpan> spans = new ConcurrentLinkedQueue<>();

  RecordingReporter(Reporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public void report(FinishedSpan span) {
    spans.add(span);
    delegate.report(span);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }

  List<FinishedSpan> spans() {
    return new ArrayList<>(spans);
  }
}
