package io.ziptrace.micrometer;

import static io.micrometer.tracing.test.simple.SpansAssert.then;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer Observation over the bridge: an observed HTTP client call injects headers that an
 * observed HTTP server (both real, over loopback) extracts, giving one trace.
 */
class ObservationTest {
  final Bridge bridge = new Bridge();
  final ObservationRegistry registry = ObservationRegistry.create();
  final HttpServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ObservationTest() throws IOException {
    registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
        new PropagatingSenderTracingObservationHandler<>(bridge.tracer, bridge.bridge.propagator()),
        new PropagatingReceiverTracingObservationHandler<>(bridge.tracer, bridge.bridge.propagator()),
        new DefaultTracingObservationHandler(bridge.tracer)));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  @AfterEach
  void close() {
    server.stop(0);
    assertThat(bridge.tracer.currentSpan()).isNull();
    bridge.close();
  }

  /** The observed server: a SERVER span from the request headers, a local child span, 500 for /fail. */
  private void serve(HttpExchange exchange) throws IOException {
    ReceiverContext<HttpExchange> context =
        new ReceiverContext<>((carrier, key) -> carrier.getRequestHeaders().getFirst(key), Kind.SERVER);
    context.setCarrier(exchange);
    context.setRemoteServiceName("client");
    Observation observation = Observation.createNotStarted("http.server", () -> context, registry)
        .contextualName("GET " + exchange.getRequestURI().getPath())
        .lowCardinalityKeyValue("http.method", "GET");
    int status = 200;
    try (Observation.Scope scope = observation.start().openScope()) {
      Observation.createNotStarted("lookup", registry).observe(() -> { });
      if (exchange.getRequestURI().getPath().equals("/fail")) {
        status = 500;
        observation.error(new IllegalStateException("server failed"));
      }
    } finally {
      observation.lowCardinalityKeyValue("http.status_code", String.valueOf(status)).stop();
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** The observed client: a CLIENT span whose headers go on the request. */
  private int call(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    SenderContext<HttpRequest.Builder> context = new SenderContext<>(HttpRequest.Builder::header, Kind.CLIENT);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    context.setCarrier(request);
    context.setRemoteServiceName("server");
    context.setRemoteServiceAddress(uri.toString());
    Observation observation = Observation.createNotStarted("http.client", () -> context, registry)
        .contextualName("GET").lowCardinalityKeyValue("http.uri", path);
    return observation.observeChecked(() ->
        client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void clientAndServerObservationsMakeOneTrace() throws Exception {
    assertThat(call("/ok")).isEqualTo(200);

    List<FinishedSpan> spans = bridge.spans();
    then(spans).hasNumberOfSpansEqualTo(3).haveSameTraceId()
        .hasASpanWithName("GET", s -> s.hasKindEqualTo(Span.Kind.CLIENT).hasTag("http.uri", "/ok")
            .hasRemoteServiceNameEqualTo("server").hasIpEqualTo("127.0.0.1")
            .hasPortEqualTo(server.getAddress().getPort()))
        .hasASpanWithName("GET /ok", s -> s.hasKindEqualTo(Span.Kind.SERVER).hasTag("http.method", "GET")
            .hasTag("http.status_code", "200").hasRemoteServiceNameEqualTo("client"))
        .hasASpanWithName("lookup");
    FinishedSpan clientSpan = named(spans, "GET");
    FinishedSpan serverSpan = named(spans, "GET /ok");
    FinishedSpan lookup = named(spans, "lookup");
    assertThat(clientSpan.getParentId()).isNull();
    assertThat(serverSpan.getParentId()).isEqualTo(clientSpan.getSpanId());
    assertThat(lookup.getParentId()).isEqualTo(serverSpan.getSpanId());
    assertThat(bridge.zipkin.spans()).hasSize(3);
  }

  @Test
  void serverErrorIsRecordedOnTheServerSpan() throws Exception {
    assertThat(call("/fail")).isEqualTo(500);
    then(bridge.spans()).hasASpanWithName("GET /fail", s -> s.hasTag("error", "server failed")
        .hasTag("http.status_code", "500").assertThatThrowable().isInstanceOf(IllegalStateException.class));
  }

  @Test
  void clientErrorIsRecordedOnTheClientSpan() {
    server.stop(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> call("/down")).isInstanceOf(IOException.class);
    then(bridge.spans()).hasNumberOfSpansEqualTo(1).hasASpanWithName("GET", s -> s.hasTagWithKey("error")
        .assertThatThrowable().isInstanceOf(IOException.class));
  }

  @Test
  void nestedObservationsRestoreTheirParentSpan() {
    Observation parent = Observation.start("parent", registry);
    try (Observation.Scope outer = parent.openScope()) {
      Span parentSpan = bridge.tracer.currentSpan();
      Observation child = Observation.start("child", registry);
      try (Observation.Scope inner = child.openScope()) {
        assertThat(bridge.tracer.currentSpan().context().parentId()).isEqualTo(parentSpan.context().spanId());
        try (Observation.Scope again = parent.openScope()) {
          assertThat(bridge.tracer.currentSpan()).isEqualTo(parentSpan);
        }
        assertThat(bridge.tracer.currentSpan().context().parentId()).isEqualTo(parentSpan.context().spanId());
      }
      child.stop();
      assertThat(bridge.tracer.currentSpan()).isEqualTo(parentSpan);
    }
    parent.stop();
    then(bridge.spans()).hasNumberOfSpansEqualTo(2).haveSameTraceId();
  }

  private static FinishedSpan named(List<FinishedSpan> spans, String name) {
    return spans.stream().filter(s -> name.equals(s.getName())).findFirst().orElseThrow();
  }
}
