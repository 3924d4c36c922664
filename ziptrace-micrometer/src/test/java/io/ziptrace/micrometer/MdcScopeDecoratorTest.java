package io.ziptrace.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC keys Spring Boot's log pattern reads, and correlation baggage fields. */
class MdcScopeDecoratorTest {
  final Bridge bridge = new Bridge(b -> b.scopeDecorators(List.of(
      MdcScopeDecorator.builder().correlationFields(List.of(Bridge.KEY_1)).build())));
  final Tracer tracer = bridge.tracer;

  @AfterEach
  void close() {
    bridge.close();
    MDC.clear();
  }

  @Test
  void idsAreInTheMdcWhileInScopeAndRemovedAfter() {
    Span outer = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(outer)) {
      assertThat(MDC.get("traceId")).isEqualTo(outer.context().traceId()).hasSize(32);
      assertThat(MDC.get("spanId")).isEqualTo(outer.context().spanId());
      Span inner = tracer.nextSpan().start();
      try (Tracer.SpanInScope in = tracer.withSpan(inner)) {
        assertThat(MDC.get("spanId")).isEqualTo(inner.context().spanId());
        try (Tracer.SpanInScope none = tracer.withSpan(null)) {
          assertThat(MDC.get("traceId")).isNull();
        }
      }
      assertThat(MDC.get("spanId")).isEqualTo(outer.context().spanId());
    }
    assertThat(MDC.get("traceId")).isNull();
    assertThat(MDC.get("spanId")).isNull();
  }

  @Test
  void correlationFieldFollowsTheBaggageScope() {
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      try (BaggageInScope scope = tracer.createBaggageInScope(Bridge.KEY_1, "value1")) {
        assertThat(MDC.get(Bridge.KEY_1)).isEqualTo("value1");
      }
      assertThat(MDC.get(Bridge.KEY_1)).isNull();
      tracer.getBaggage(Bridge.KEY_1).set("legacy");
      assertThat(MDC.get(Bridge.KEY_1)).as("in-place update flushes").isEqualTo("legacy");
    }
    assertThat(MDC.get(Bridge.KEY_1)).isNull();
  }

  @Test
  void valuesSetByTheApplicationBeforeAreRestored() {
    MDC.put("traceId", "set by the application");
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      assertThat(MDC.get("traceId")).isEqualTo(span.context().traceId());
    }
    assertThat(MDC.get("traceId")).isEqualTo("set by the application");
  }
}
