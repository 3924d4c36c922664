package io.ziptrace.benchmarks;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import io.ziptrace.reporting.Reporter;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.brave.MutableSpanBytesEncoder;

/**
 * The end of the span lifecycle for each library: encode the finished span to Zipkin v2 JSON,
 * as its reporter would, and discard the bytes (their count is kept so nothing is optimised
 * away).
 */
final class EncodingSinks {
  private EncodingSinks() {}

  /** ziptrace's reporter path. */
  static final class ZiptraceJson implements Reporter {
    private static final SpanEncoder ENCODER = SpanEncoder.of(Encoding.JSON);
    long bytes;

    @Override
    public void report(FinishedSpan span) {
      bytes += ENCODER.encode(span).length;
    }
  }

  /** Brave's span handler path, with zipkin-reporter-brave's encoder. */
  static final class BraveJson extends SpanHandler {
    private static final BytesEncoder<MutableSpan> ENCODER = MutableSpanBytesEncoder.JSON_V2;
    long bytes;

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
      bytes += ENCODER.encode(span).length;
      return true;
    }
  }
}
