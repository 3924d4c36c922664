package io.ziptrace.micrometer;

import static io.micrometer.tracing.test.simple.SpansAssert.then;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.exporter.TestSpanReporter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Exporting predicates, span filters and span reporters in front of the ziptrace reporter. */
class ExportingReporterTest {

  @Test
  void predicateDropsTheSpanFromEveryExport() {
    SpanExportingPredicate noHealth = span -> !"health".equals(span.getName());
    try (Bridge bridge = Bridge.withExport(List.of(noHealth), List.of())) {
      bridge.tracer.nextSpan().name("health").start().end();
      bridge.tracer.nextSpan().name("order").start().end();
      then(bridge.spans()).hasNumberOfSpansEqualTo(1).hasASpanWithName("order");
      assertThat(bridge.zipkin.spans()).extracting(io.ziptrace.FinishedSpan::name).containsExactly("order");
    }
  }

  @Test
  void filterEditsReachTheReportersAndTheZiptraceReporter() {
    SpanFilter filter = span -> span.setName("renamed").setTags(Map.of("only", "this"))
        .setRemoteServiceName("remote").setRemotePort(9411).setLocalServiceName("local").setLocalIp("127.0.0.1")
        .setEvents(List.of(Map.entry(1_000L, "event")));
    try (Bridge bridge = Bridge.withExport(List.of(), List.of(filter))) {
      bridge.tracer.nextSpan().name("original").tag("dropped", "yes").start().end();
      then(bridge.spans()).hasASpanWithName("renamed", s -> s.hasTag("only", "this").doesNotHaveTagWithKey("dropped")
          .hasRemoteServiceNameEqualTo("remote").hasPortEqualTo(9411).hasEventWithNameEqualTo("event"));
      io.ziptrace.FinishedSpan exported = bridge.zipkin.spans().get(0);
      assertThat(exported.name()).isEqualTo("renamed");
      assertThat(exported.tags()).containsExactly(Map.entry("only", "this"));
      assertThat(exported.remoteEndpoint().serviceName()).isEqualTo("remote");
      assertThat(exported.localEndpoint().serviceName()).isEqualTo("local");
      assertThat(exported.localEndpoint().ipv4()).isEqualTo("127.0.0.1");
      assertThat(exported.annotationTimestamp(0)).isEqualTo(1_000L);
    }
  }

  @Test
  void finishedSpanViewReadsTheZiptraceSpan() {
    try (Bridge bridge = new Bridge()) {
      Span parent = bridge.tracer.nextSpan().start();
      Span span = bridge.tracer.spanBuilder().setParent(parent.context()).name("view").kind(Span.Kind.PRODUCER)
          .remoteIpAndPort("10.1.2.3", 9092).start();
      span.error(new IllegalStateException("failed")).end();
      FinishedSpan view = bridge.reported.poll();
      assertThat(view.getTraceId()).isEqualTo(span.context().traceId());
      assertThat(view.getSpanId()).isEqualTo(span.context().spanId());
      assertThat(view.getParentId()).isEqualTo(parent.context().spanId());
      assertThat(view.getKind()).isEqualTo(Span.Kind.PRODUCER);
      assertThat(view.getRemoteIp()).isEqualTo("10.1.2.3");
      assertThat(view.getRemotePort()).isEqualTo(9092);
      assertThat(view.getLocalServiceName()).isEqualTo("shop");
      assertThat(view.getError()).isInstanceOf(IllegalStateException.class).hasMessage("failed");
      assertThat(view.getTags()).containsEntry("error", "failed");
      assertThat(view.getEndTimestamp()).isAfterOrEqualTo(view.getStartTimestamp());
    }
  }

  @Test
  void setErrorTagsTheSpan() {
    SpanFilter filter = span -> span.setError(new UnsupportedOperationException());
    try (Bridge bridge = Bridge.withExport(List.of(), List.of(filter))) {
      bridge.tracer.nextSpan().name("failing").start().end();
      then(bridge.spans()).hasASpanWithName("failing", s -> s.hasTag("error", "UnsupportedOperationException")
          .assertThatThrowable().isInstanceOf(UnsupportedOperationException.class));
    }
  }

  @Test
  void throwingCallbacksDoNotStopTheExport() {
    SpanExportingPredicate brokenPredicate = span -> {
      throw new IllegalStateException("predicate bug");
    };
    SpanFilter brokenFilter = span -> {
      throw new IllegalStateException("filter bug");
    };
    SpanReporter brokenReporter = span -> {
      throw new IllegalStateException("reporter bug");
    };
    TestSpanReporter after = new TestSpanReporter();
    try (Bridge bridge = new Bridge(b -> b.exportingPredicates(List.of(brokenPredicate))
        .spanFilters(List.of(brokenFilter)).spanReporters(List.of(brokenReporter, after)))) {
      bridge.tracer.nextSpan().name("survives").start().end();
      assertThat(after.spans()).hasSize(1);
      assertThat(bridge.zipkin.spans()).hasSize(1);
    }
  }

  @Test
  void closingTheBridgeClosesTheSpanReportersButNotTheZiptraceReporter() {
    AtomicBoolean closed = new AtomicBoolean();
    SpanReporter reporter = new SpanReporter() {
      @Override
      public void report(FinishedSpan span) {
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    try (Bridge bridge = new Bridge(b -> b.spanReporters(List.of(reporter)))) {
      bridge.bridge.close();
      assertThat(closed).isTrue();
      bridge.tracer.nextSpan().name("after close").start().end();
      assertThat(bridge.zipkin.spans()).hasSize(1);
    }
  }
}
