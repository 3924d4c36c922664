package io.ziptrace.it.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a ziptrace-traced JDK server records in Zipkin for each kind of incoming headers. */
class IncomingHeadersTest {
  static final String TRACE_128 = "463ac35c9f6413ad48485a3953bb6124";
  static final String SPAN = "a2fb4a1d1a96d312";

  final ZipkinServer zipkin = ZipkinServer.shared();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final AtomicReference<String> handlerTraceId = new AtomicReference<>();
  AsyncReporter reporter;
  Tracer tracer;
  TracedServers.Running server;

  @BeforeEach
  void start() {
    reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    tracer = Tracer.builder().localEndpoint(Endpoint.of("headers_server")).reporter(reporter).build();
    server = TracedServers.start();
    TracingFilter filter = TracingFilter.create(tracer);
    server.context("/ok", exchange -> {
      handlerTraceId.set(TracingFilter.span(exchange).context().traceIdString());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    }).getFilters().add(filter);
    server.context("/throw", exchange -> {
      handlerTraceId.set(TracingFilter.span(exchange).context().traceIdString());
      throw new IllegalStateException("handler failed");
    }).getFilters().add(filter);
    server.context("/throw-untraced", exchange -> {
      throw new IllegalStateException("handler failed");
    });
  }

  @AfterEach
  void stop() {
    server.close();
    tracer.close();
  }

  int get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  zipkin2.Span storedSpan() {
    reporter.flush();
    return zipkin.awaitTrace(handlerTraceId.get(), 1).get(0);
  }

  @Test
  void missingHeadersStartANewTrace() throws Exception {
    get("/ok");

    zipkin2.Span span = storedSpan();
    assertThat(span.parentId()).isNull();
    assertThat(span.shared()).isNull();
    assertThat(span.kind()).isEqualTo(zipkin2.Span.Kind.SERVER);
  }

  @Test
  void id128BitIsJoined() throws Exception {
    get("/ok", "X-B3-TraceId", TRACE_128, "X-B3-SpanId", SPAN, "X-B3-Sampled", "1");

    zipkin2.Span span = storedSpan();
    assertThat(span.traceId()).isEqualTo(TRACE_128);
    assertThat(span.id()).isEqualTo(SPAN);
    assertThat(span.shared()).isTrue();
  }

  @Test
  void malformedHeadersAreIgnored() throws Exception {
    get("/ok", "X-B3-TraceId", "463AC35C9F6413AD", "X-B3-SpanId", SPAN, "b3", "not-b3");

    zipkin2.Span span = storedSpan();
    assertThat(span.id()).isNotEqualTo(SPAN);
    assertThat(span.traceId()).isNotEqualToIgnoringCase("463ac35c9f6413ad");
  }

  @Test
  void debugOnlyIsStoredAsDebug() throws Exception {
    get("/ok", "b3", "d");

    assertThat(storedSpan().debug()).isTrue();
  }

  @Test
  void samplingOnlyZeroSendsNothing() throws Exception {
    assertThat(get("/ok", "X-B3-Sampled", "0")).isEqualTo(200);
    assertThat(get("/ok", "b3", "0")).isEqualTo(200);
    reporter.flush();

    assertThat(reporter.metrics().spansReported()).isZero();
    assertThat(zipkin.trace(handlerTraceId.get())).isEmpty();
  }

  @Test
  void throwingHandlerGetsAnErrorSpanAndTheServerBehavesAsUntraced() throws Exception {
    // Untraced, the JDK server answers a handler exception by closing the connection...
    assertThatThrownBy(() -> get("/throw-untraced")).isInstanceOf(IOException.class);
    // ...and traced, the client sees exactly the same.
    assertThatThrownBy(() -> get("/throw")).isInstanceOf(IOException.class);

    List<zipkin2.Span> trace = List.of(storedSpan());
    assertThat(trace.get(0).tags()).containsEntry("error", "handler failed");
  }
}
