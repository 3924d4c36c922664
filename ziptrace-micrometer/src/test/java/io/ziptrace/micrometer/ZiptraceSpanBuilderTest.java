package io.ziptrace.micrometer;

import static io.micrometer.tracing.test.simple.SpansAssert.then;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.FinishedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The span builder: parents, settings applied at start, links; and the trace context builder. */
class ZiptraceSpanBuilderTest {
  final Bridge bridge = new Bridge();
  final Tracer tracer = bridge.tracer;

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void explicitParentWinsOverTheCurrentSpan() {
    Span explicit = tracer.nextSpan().start();
    Span current = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(current)) {
      Span child = tracer.spanBuilder().setParent(explicit.context()).name("child").start();
      assertThat(child.context().parentId()).isEqualTo(explicit.context().spanId());
      assertThat(child.context().traceId()).isEqualTo(explicit.context().traceId());
      Span ofCurrent = tracer.spanBuilder().start();
      assertThat(ofCurrent.context().parentId()).isEqualTo(current.context().spanId());
      Span root = tracer.spanBuilder().setNoParent().start();
      assertThat(root.context().parentId()).isNull();
      assertThat(root.context().traceId()).isNotEqualTo(current.context().traceId());
    }
  }

  @Test
  void settingsAreAppliedAtStart() {
    tracer.spanBuilder().name("built").kind(Span.Kind.CLIENT).tag("k", "v").tag("n", 3L).event("sent")
        .remoteServiceName("inventory").remoteIpAndPort("::1", 8080).error(new IllegalArgumentException())
        .start().end();
    then(bridge.spans()).hasASpanWithName("built", s -> s.hasKindEqualTo(Span.Kind.CLIENT).hasTag("k", "v")
        .hasTag("n", "3").hasEventWithNameEqualTo("sent").hasRemoteServiceNameEqualTo("inventory")
        .hasIpEqualTo("::1").hasPortEqualTo(8080).hasTag("error", "IllegalArgumentException"));
  }

  @Test
  void linksAreWrittenAsTheTagsBraveWrites() {
    Span first = tracer.nextSpan().start();
    Span second = tracer.nextSpan().start();
    tracer.spanBuilder().name("linked").addLink(new Link(first.context()))
        .addLink(new Link(second, Map.of("reason", "batch"))).start().end();
    FinishedSpan linked = bridge.reported.poll();
    assertThat(linked.getTags()).containsEntry("links[0].traceId", first.context().traceId())
        .containsEntry("links[0].spanId", first.context().spanId())
        .containsEntry("links[1].traceId", second.context().traceId())
        .containsEntry("links[1].tags[reason]", "batch");
    // As with Brave's bridge, links read back carry ids and tags (no sampling flag).
    assertThat(linked.getLinks()).extracting(l -> l.getTraceContext().traceId(), l -> l.getTraceContext().spanId(),
        Link::getTags).containsExactly(
            org.assertj.core.groups.Tuple.tuple(first.context().traceId(), first.context().spanId(), Map.of()),
            org.assertj.core.groups.Tuple.tuple(second.context().traceId(), second.context().spanId(),
                Map.of("reason", "batch")));
    then(List.of(linked)).hasASpanWithName("linked", s -> s.hasTagWithKey("links[1].spanId"));
  }

  @Test
  void traceContextBuilderTakes64And128BitIds() {
    TraceContext narrow = tracer.traceContextBuilder().traceId("463ac35c9f6413ad").spanId("a2fb4a1d1a96d312")
        .parentId("b7ad6b7169203331").sampled(true).build();
    assertThat(narrow.traceId()).isEqualTo("463ac35c9f6413ad");
    assertThat(narrow.parentId()).isEqualTo("b7ad6b7169203331");
    assertThat(narrow.spanId()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(narrow.sampled()).isTrue();
    TraceContext wide = tracer.traceContextBuilder().traceId("0af7651916cd43dd8448eb211c80319c")
        .spanId("b7ad6b7169203331").build();
    assertThat(wide.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(wide.sampled()).isNull();
  }

  @Test
  void traceContextBuilderRefusesMissingOrInvalidIds() {
    assertThatThrownBy(() -> tracer.traceContextBuilder().spanId("a2fb4a1d1a96d312").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tracer.traceContextBuilder().traceId("not hex").spanId("a2fb4a1d1a96d312").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
