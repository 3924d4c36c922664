package io.ziptrace.http.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tags;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.testing.InMemoryReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter and the client wrapper against a real JDK HttpServer and HttpClient on loopback. */
class JdkHttpTracingTest {
  final InMemoryReporter serverSpans = new InMemoryReporter();
  final InMemoryReporter clientSpans = new InMemoryReporter();
  final Tracer serverTracer = Tracer.builder().localEndpoint(io.ziptrace.Endpoint.of("server")).reporter(serverSpans).build();
  final Tracer clientTracer = Tracer.builder().localEndpoint(io.ziptrace.Endpoint.of("client")).reporter(clientSpans).build();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final AtomicReference<TraceContext> seenByHandler = new AtomicReference<>();
  LoopbackServer loopback;
  HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    loopback = new LoopbackServer(Executors.newFixedThreadPool(4));
    server = loopback.server;
    HttpServerTracing tracing = HttpServerTracing.builder(serverTracer).skipPaths("/health").build();
    TracingFilter filter = TracingFilter.create(tracing);
    server.createContext("/users", this::ok).getFilters().add(filter.withRoute("/users/{id}"));
    server.createContext("/health", this::ok).getFilters().add(filter);
    server.createContext("/fail", exchange -> respond(exchange, 503)).getFilters().add(filter);
    server.createContext("/throw", exchange -> {
      exchange.getRequestBody().readAllBytes();
      throw new IllegalStateException("handler bug");
    }).getFilters().add(filter);
    server.start();
  }

  @AfterEach
  void stopServer() {
    loopback.close();
  }

  private void ok(HttpExchange exchange) throws IOException {
    Span span = TracingFilter.span(exchange);
    seenByHandler.set(span.context());
    span.newChild("db query").start().finish();
    respond(exchange, 200);
  }

  static void respond(HttpExchange exchange, int status) throws IOException {
    byte[] body = "done".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  FinishedSpan serverSpan() throws InterruptedException {
    return serverSpans.await(spans -> spans.stream().anyMatch(s -> s.kind() == Kind.SERVER), Duration.ofSeconds(10))
        .stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
  }

  @Test
  void newTraceWhenTheRequestCarriesNone() throws Exception {
    assertThat(get("/users/42").statusCode()).isEqualTo(200);

    FinishedSpan span = serverSpan();
    assertThat(span.name()).isEqualTo("GET /users/{id}");
    assertThat(span.tags()).containsEntry(Tags.HTTP_METHOD, "GET").containsEntry(Tags.HTTP_PATH, "/users/42")
        .containsEntry(Tags.HTTP_ROUTE, "/users/{id}").containsEntry(Tags.HTTP_STATUS_CODE, "200")
        .doesNotContainKey(Tags.ERROR);
    assertThat(span.context().parentId()).isZero();
    assertThat(span.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(span.remoteEndpoint().port()).isPositive();
    assertThat(seenByHandler.get()).isEqualTo(span.context());
    // the handler's child arrived too, under the server span
    assertThat(serverSpans.awaitCount(2, Duration.ofSeconds(10))).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("db query");
      assertThat(s.context().parentId()).isEqualTo(span.context().spanId());
    });
  }

  @Test
  void joinsB3MultiHeaders() throws Exception {
    get("/users/1", "X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124", "X-B3-SpanId", "a2fb4a1d1a96d312",
        "X-B3-Sampled", "1");

    FinishedSpan span = serverSpan();
    assertThat(span.context().traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(span.context().spanIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(span.context().shared()).isTrue();
  }

  @Test
  void joinsTheSingleB3Header() throws Exception {
    get("/users/1", "b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-1-0020000000000001");

    FinishedSpan span = serverSpan();
    assertThat(span.context().spanIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(span.context().parentIdString()).isEqualTo("0020000000000001");
  }

  @Test
  void samplingOnlyZeroRecordsNothingButStillServes() throws Exception {
    assertThat(get("/users/1", "X-B3-Sampled", "0").statusCode()).isEqualTo(200);
    assertThat(get("/users/2", "b3", "0").statusCode()).isEqualTo(200);

    assertThat(seenByHandler.get().sampled()).isFalse();
    assertThat(serverSpans.spans()).isEmpty();
  }

  @Test
  void debugOnlyIsRecordedAsDebug() throws Exception {
    Tracer never = Tracer.builder().sampler(io.ziptrace.sampling.Sampler.NEVER).reporter(serverSpans).build();
    server.createContext("/debug", this::ok).getFilters().add(TracingFilter.create(never));

    get("/debug", "X-B3-Flags", "1");

    assertThat(serverSpan().context().debug()).isTrue();
  }

  @Test
  void malformedHeadersStartANewTrace() throws Exception {
    get("/users/1", "X-B3-TraceId", "NOT-HEX", "X-B3-SpanId", "a2fb4a1d1a96d312", "b3", "garbage");

    FinishedSpan span = serverSpan();
    assertThat(span.context().spanIdString()).isNotEqualTo("a2fb4a1d1a96d312");
    assertThat(span.context().shared()).isFalse();
  }

  @Test
  void skippedPathsAreNotTraced() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);

    assertThat(seenByHandler.get().sampled()).isFalse();
    assertThat(serverSpans.spans()).isEmpty();
  }

  @Test
  void headersAndCookiesNeverBecomeTags() throws Exception {
    get("/users/1", "Authorization", "Bearer secret-token", "Cookie", "session=secret-cookie");

    FinishedSpan span = serverSpan();
    assertThat(span.tags().values()).noneMatch(v -> v.contains("secret"));
    assertThat(span.tags().keySet()).noneMatch(k -> k.toLowerCase(java.util.Locale.ROOT).contains("authorization"));
  }

  @Test
  void serverErrorsAreTaggedAsErrors() throws Exception {
    assertThat(get("/fail").statusCode()).isEqualTo(503);

    assertThat(serverSpan().tags()).containsEntry(Tags.HTTP_STATUS_CODE, "503").containsEntry(Tags.ERROR, "503");
  }

  @Test
  void aThrowingHandlerStillGetsItsSpanAndTheExceptionStillReachesTheServer() throws Exception {
    HttpRequest post = HttpRequest.newBuilder(uri("/throw")).POST(HttpRequest.BodyPublishers.ofString("x")).build();

    // The JDK server answers a handler exception by closing the connection, as it would untraced.
    assertThatThrownBy(() -> http.send(post, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

    FinishedSpan span = serverSpan();
    assertThat(span.tag(Tags.ERROR)).isEqualTo("handler bug");
    assertThat(span.tag(Tags.HTTP_STATUS_CODE)).isNull();
  }

  @Test
  void spanOfAnUntracedExchangeIsANoop() throws Exception {
    AtomicReference<Span> second = new AtomicReference<>();
    server.createContext("/plain", exchange -> {
      seenByHandler.set(TracingFilter.span(exchange).context());
      second.set(TracingFilter.span(exchange));
      respond(exchange, 200);
    });

    get("/plain");

    assertThat(seenByHandler.get()).isNotNull();
    assertThat(seenByHandler.get().sampled()).isFalse();
    // one shared no-op span, not a new random trace per call
    assertThat(second.get().isNoop()).isTrue();
    assertThat(second.get().context()).isSameAs(seenByHandler.get());
  }

  @Test
  void aContextWithoutTheFilterWarnsOncePerPathSayingWhatToAdd() throws Exception {
    AtomicReference<Span> seen = new AtomicReference<>();
    HttpHandler handler = exchange -> {
      seen.set(TracingFilter.span(exchange));
      respond(exchange, 200);
    };
    server.createContext("/untraced-a", handler);
    server.createContext("/untraced-b", handler);
    List<String> warnings;
    try (LogLines log = new LogLines(TracingFilter.class)) {
      assertThat(get("/untraced-a").statusCode()).isEqualTo(200);
      assertThat(get("/untraced-a/1").statusCode()).isEqualTo(200);
      assertThat(get("/untraced-b").statusCode()).isEqualTo(200);
      warnings = List.copyOf(log.messages);
    }

    assertThat(seen.get().isNoop()).isTrue();
    assertThat(warnings).containsExactly(
        "TracingFilter.span(exchange) was called for a request of context /untraced-a, which has no TracingFilter: it"
            + " returns a no-op span, and that context's requests are not traced. Add the filter to its filters, e.g."
            + " server.createContext(\"/untraced-a\", handler).getFilters().add(TracingFilter.create(tracer)). Logged"
            + " once per context path.",
        "TracingFilter.span(exchange) was called for a request of context /untraced-b, which has no TracingFilter: it"
            + " returns a no-op span, and that context's requests are not traced. Add the filter to its filters, e.g."
            + " server.createContext(\"/untraced-b\", handler).getFilters().add(TracingFilter.create(tracer)). Logged"
            + " once per context path.");
    assertThat(serverSpans.spans()).isEmpty();
  }

  @Test
  void theUntracedContextWarningRemembersABoundedNumberOfPaths() {
    UntracedContextLog log = new UntracedContextLog(2);
    try (LogLines lines = new LogLines(TracingFilter.class)) {
      log.warnOnce("/a");
      log.warnOnce("/b");
      log.warnOnce("/a");
      log.warnOnce("/c");
      assertThat(lines.messages).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("/c"));
    }
  }

  @Test
  void clientSpanPropagatesToTheServer() throws Exception {
    TracingHttpClient client = TracingHttpClient.create(http, clientTracer);
    Span parent = clientTracer.newTrace().name("caller").start();

    HttpResponse<String> response = client.send(parent.context(), HttpRequest.newBuilder(uri("/users/7")).build(),
        HttpResponse.BodyHandlers.ofString());
    parent.finish();

    assertThat(response.body()).isEqualTo("done");
    FinishedSpan clientSpan = clientSpans.await(s -> s.stream().anyMatch(x -> x.kind() == Kind.CLIENT),
        Duration.ofSeconds(10)).stream().filter(x -> x.kind() == Kind.CLIENT).findFirst().orElseThrow();
    FinishedSpan server = serverSpan();
    assertThat(clientSpan.name()).isEqualTo("GET");
    assertThat(clientSpan.context().parentId()).isEqualTo(parent.context().spanId());
    assertThat(clientSpan.tags()).containsEntry(Tags.HTTP_STATUS_CODE, "200");
    assertThat(clientSpan.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(clientSpan.remoteEndpoint().port()).isEqualTo(server().getAddress().getPort());
    assertThat(server.context().spanId()).isEqualTo(clientSpan.context().spanId());
    assertThat(server.context().shared()).isTrue();
  }

  @Test
  void asyncClientSpanFinishesWhenTheResponseArrives() throws Exception {
    TracingHttpClient client = TracingHttpClient.create(http,
        HttpClientTracing.builder(clientTracer).propagation(B3Propagation.single()).build());

    HttpResponse<String> response = client.sendAsync(null, HttpRequest.newBuilder(uri("/fail")).build(),
        HttpResponse.BodyHandlers.ofString()).get();

    assertThat(response.statusCode()).isEqualTo(503);
    List<FinishedSpan> spans = clientSpans.awaitCount(1, Duration.ofSeconds(10));
    assertThat(spans.get(0).tags()).containsEntry(Tags.ERROR, "503");
    assertThat(serverSpan().context().traceId()).isEqualTo(spans.get(0).context().traceId());
  }

  @Test
  void connectionFailureIsRecordedAndRethrown() throws Exception {
    TracingHttpClient client = TracingHttpClient.create(http, clientTracer);
    URI closed = uri("/users/1");
    server.stop(0);

    assertThatThrownBy(() -> client.send(null, HttpRequest.newBuilder(closed).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);

    assertThat(clientSpans.awaitCount(1, Duration.ofSeconds(10)).get(0).tag(Tags.ERROR)).isNotNull();
  }

  @Test
  void noPropagationSendsNoHeaders() throws Exception {
    TracingHttpClient client = TracingHttpClient.create(http, HttpClientTracing.builder(clientTracer).noPropagation().build());

    client.send(null, HttpRequest.newBuilder(uri("/users/1")).build(), HttpResponse.BodyHandlers.ofString());

    FinishedSpan clientSpan = clientSpans.awaitCount(1, Duration.ofSeconds(10)).get(0);
    assertThat(serverSpan().context().traceId()).isNotEqualTo(clientSpan.context().traceId());
  }

  HttpServer server() {
    return server;
  }
}
