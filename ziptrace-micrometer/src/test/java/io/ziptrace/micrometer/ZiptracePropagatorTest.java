package io.ziptrace.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.propagation.TraceparentPropagation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The propagator over ziptrace's formats: B3 multi and single, W3C trace context and baggage. */
class ZiptracePropagatorTest {
  static final Propagator.Setter<Map<String, String>> SETTER = (carrier, key, value) -> carrier.put(key, value);

  @Test
  void defaultIsB3MultiPlusTheRemoteBaggageHeaders() {
    try (Bridge bridge = new Bridge()) {
      assertThat(bridge.bridge.propagator().fields())
          .contains("x-b3-traceid", "x-b3-spanid", "x-b3-sampled", Bridge.KEY_1)
          .doesNotContain(Bridge.TAG_KEY);
    }
  }

  @Test
  void b3MultiRoundTrip() {
    try (Bridge bridge = new Bridge()) {
      Map<String, String> headers = inject(bridge);
      assertThat(headers).containsKeys("x-b3-traceid", "x-b3-spanid", "x-b3-sampled");
      assertContinued(bridge, headers);
    }
  }

  @Test
  void b3SingleRoundTrip() {
    try (Bridge bridge = Bridge.withPropagation(B3Propagation.single())) {
      Map<String, String> headers = inject(bridge);
      assertThat(headers).containsOnlyKeys("b3", Bridge.KEY_1, "x-trace-of");
      assertContinued(bridge, headers);
    }
  }

  @Test
  void w3cTraceContextKeepsTracestate() {
    try (Bridge bridge = Bridge.withPropagation(TraceparentPropagation.create())) {
      Map<String, String> incoming = new HashMap<>();
      incoming.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      incoming.put("tracestate", "congo=t61rcWkgMzE");
      Span server = bridge.bridge.propagator().extract(incoming, Map::get).kind(Span.Kind.SERVER).start();
      assertThat(server.context().traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(server.context().parentId()).isEqualTo("b7ad6b7169203331");

      Map<String, String> outgoing = new HashMap<>();
      Tracer tracer = bridge.tracer;
      try (Tracer.SpanInScope ws = tracer.withSpan(server)) {
        Span client = tracer.nextSpan().start();
        bridge.bridge.propagator().inject(client.context(), outgoing, SETTER);
        client.end();
      }
      server.end();
      assertThat(outgoing.get("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
      assertThat(outgoing).containsEntry("tracestate", "congo=t61rcWkgMzE");
    }
  }

  @Test
  void w3cBaggageHeaderWithTraceContext() {
    try (Bridge bridge = Bridge.withPropagation(CompositePropagation.of(TraceparentPropagation.create()))) {
      assertThat(bridge.bridge.propagator().fields()).contains("traceparent", "baggage");
      Map<String, String> headers = inject(bridge);
      assertThat(headers).containsKey("traceparent");
      assertThat(String.join(",", headers.values())).contains("value1");
      assertContinued(bridge, headers);
    }
  }

  @Test
  void baggageOnlyRequestKeepsItsBaggageOnANewTrace() {
    try (Bridge bridge = new Bridge()) {
      Map<String, String> incoming = Map.of(Bridge.KEY_1, "only baggage");
      Span span = bridge.bridge.propagator().extract(incoming, Map::get).start();
      assertThat(span.context().parentId()).isNull();
      assertThat(bridge.tracer.getBaggage(span.context(), Bridge.KEY_1).get()).isEqualTo("only baggage");
      span.end();
    }
  }

  @Test
  void requestWithoutHeadersGetsAChildOfTheCurrentSpanOrANewTrace() {
    try (Bridge bridge = new Bridge()) {
      Span root = bridge.bridge.propagator().extract(Map.<String, String>of(), Map::get).start();
      assertThat(root.context().parentId()).isNull();
      try (Tracer.SpanInScope ws = bridge.tracer.withSpan(root)) {
        Span child = bridge.bridge.propagator().extract(Map.<String, String>of(), Map::get).start();
        assertThat(child.context().parentId()).isEqualTo(root.context().spanId());
        child.end();
      }
      root.end();
    }
  }

  @Test
  void throwingGetterAndInvalidContextAreIgnored() {
    try (Bridge bridge = new Bridge()) {
      Span span = bridge.bridge.propagator().extract("carrier", (carrier, key) -> {
        throw new IllegalStateException("broken getter");
      }).start();
      assertThat(span.context().parentId()).isNull();
      span.end();
      Map<String, String> headers = new HashMap<>();
      bridge.bridge.propagator().inject(TraceContext.NOOP, headers, SETTER);
      assertThat(headers).isEmpty();
    }
  }

  private static Map<String, String> inject(Bridge bridge) {
    Map<String, String> headers = new HashMap<>();
    Span span = bridge.tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = bridge.tracer.withSpan(span);
        BaggageInScope baggage = bridge.tracer.createBaggageInScope(Bridge.KEY_1, "value1")) {
      bridge.bridge.propagator().inject(bridge.tracer.currentTraceContext().context(), headers, SETTER);
    }
    span.end();
    headers.put("x-trace-of", span.context().traceId() + "/" + span.context().spanId());
    return headers;
  }

  private static void assertContinued(Bridge bridge, Map<String, String> headers) {
    String[] ids = headers.remove("x-trace-of").split("/");
    Span server = bridge.bridge.propagator().extract(headers, Map::get).start();
    assertThat(server.context().traceId()).isEqualTo(ids[0]);
    assertThat(server.context().parentId()).isEqualTo(ids[1]);
    assertThat(bridge.tracer.getBaggage(server.context(), Bridge.KEY_1).get()).isEqualTo("value1");
    server.end();
  }
}
