package io.ziptrace.micrometer;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.TestSpanReporter;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.testing.InMemoryReporter;
import java.util.ArrayList;
import java.util.List;

/**
 * A bridge as an application would build it: a remote baggage field {@code key1} (own header), a
 * local tag field {@code tagKey}, 128-bit ids, no joining, spans to a test span reporter and to an
 * in-memory ziptrace reporter.
 */
final class Bridge implements AutoCloseable {
  static final String KEY_1 = "key1";
  static final String TAG_KEY = "tagKey";

  final InMemoryReporter zipkin = new InMemoryReporter();
  final TestSpanReporter reported = new TestSpanReporter();
  final ZiptraceMicrometer bridge;
  final io.micrometer.tracing.Tracer tracer;

  Bridge() {
    this(b -> { });
  }

  Bridge(java.util.function.Consumer<ZiptraceMicrometer.Builder> customizer) {
    ZiptraceMicrometer.Builder b = ZiptraceMicrometer.builder(Tracer.builder()
            .localEndpoint(Endpoint.of("shop"))
            .supportsJoin(false)
            .traceId128Bit(true)
            .baggageFields(BaggageField.remote(KEY_1).withHeader(KEY_1), BaggageField.local(TAG_KEY)))
        .reporter(zipkin)
        .spanReporters(List.of(reported))
        .tagFields(List.of(TAG_KEY));
    customizer.accept(b);
    bridge = b.build();
    tracer = bridge.tracer();
  }

  static Bridge withPropagation(Propagation propagation) {
    return new Bridge(b -> b.propagation(propagation));
  }

  static Bridge withExport(List<SpanExportingPredicate> predicates, List<SpanFilter> filters) {
    return new Bridge(b -> b.exportingPredicates(predicates).spanFilters(filters));
  }

  /** The spans the span reporter received, oldest first. */
  List<FinishedSpan> spans() {
    return new ArrayList<>(reported.spans());
  }

  @Override
  public void close() {
    bridge.close();
    bridge.ziptraceTracer().close();
  }
}
