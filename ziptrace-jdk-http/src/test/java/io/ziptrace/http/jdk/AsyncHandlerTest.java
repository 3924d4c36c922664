package io.ziptrace.http.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.testing.InMemoryReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handlers that return at once and respond later from another thread, against a real JDK
 * HttpServer and HttpClient on loopback: the SERVER span ends with the response, not with the
 * handler.
 */
class AsyncHandlerTest {
  static final long RESPOND_AFTER_MILLIS = 150;

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("async-server")).reporter(spans).build();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  LoopbackServer loopback;
  HttpServer server;
  TracingFilter filter;

  @BeforeEach
  void startServer() throws IOException {
    loopback = new LoopbackServer(Executors.newFixedThreadPool(4));
    server = loopback.server;
    filter = TracingFilter.builder(HttpServerTracing.create(tracer))
        .responseTimeout(Duration.ofMillis(200))
        .maxPendingResponses(2)
        .build();
    server.createContext("/later", AsyncHandlerTest::respondLaterWithChild).getFilters().add(filter.withRoute("/later"));
    server.createContext("/later-503", AsyncHandlerTest::failLater).getFilters().add(filter);
    server.createContext("/later-204", exchange -> later(() -> {
      exchange.sendResponseHeaders(204, -1); // no body: the response ends with its headers
    })).getFilters().add(filter);
    server.createContext("/never", exchange -> {}).getFilters().add(filter);
    server.createContext("/ok", exchange -> respond(exchange, 200)).getFilters().add(filter);
    server.createContext("/503-then-throw", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      throw new IllegalStateException("not ready");
    }).getFilters().add(filter);
    server.start();
  }

  @AfterEach
  void stopServer() {
    loopback.close();
  }

  /** Returns at once; 150 ms later, on another thread, starts a child of the request's span and responds. */
  static void respondLaterWithChild(HttpExchange exchange) {
    later(() -> {
      Span child = TracingFilter.span(exchange).newChild("load user").start();
      child.finish();
      respond(exchange, 200);
    });
  }

  static void failLater(HttpExchange exchange) {
    later(() -> {
      Span span = TracingFilter.span(exchange);
      try {
        throw new IllegalStateException("backend not ready");
      } catch (IllegalStateException e) {
        span.error(e);
        respond(exchange, 503);
      }
    });
  }

  interface Response {
    void send() throws IOException;
  }

  static void later(Response response) {
    CompletableFuture.runAsync(() -> {
      try {
        response.send();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, CompletableFuture.delayedExecutor(RESPOND_AFTER_MILLIS, TimeUnit.MILLISECONDS));
  }

  static void respond(HttpExchange exchange, int status) throws IOException {
    JdkHttpTracingTest.respond(exchange, status);
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  FinishedSpan serverSpan(List<FinishedSpan> finished) {
    return finished.stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
  }

  @Test
  void theServerSpanEndsWithTheResponseAndEnclosesItsChildren() throws Exception {
    assertThat(get("/later").statusCode()).isEqualTo(200);

    List<FinishedSpan> finished = spans.awaitCount(2, Duration.ofSeconds(10));
    assertThat(finished).hasSize(2);
    FinishedSpan server = serverSpan(finished);
    FinishedSpan child = finished.stream().filter(s -> s.kind() == null).findFirst().orElseThrow();
    assertThat(finished).filteredOn(s -> s.kind() == Kind.SERVER).hasSize(1);
    assertThat(child.context().parentId()).isEqualTo(server.context().spanId());
    assertThat(server.name()).isEqualTo("GET /later");
    assertThat(server.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("200");
    assertThat(server.tag(Tags.ERROR)).isNull();
    assertThat(server.duration()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(RESPOND_AFTER_MILLIS));
    assertThat(child.timestamp()).isGreaterThanOrEqualTo(server.timestamp());
    assertThat(child.timestamp() + child.duration()).isLessThanOrEqualTo(server.timestamp() + server.duration());
    // The handler thread registers the response after the handler returns; on a busy machine
    // the response may finish first, and then the registration removes itself.
    awaitTrue(() -> filter.pendingResponses() == 0);
  }

  @Test
  void anAsyncFailureCarriesTheStatusTheClientGotAndTheError() throws Exception {
    assertThat(get("/later-503").statusCode()).isEqualTo(503);

    FinishedSpan server = serverSpan(spans.awaitCount(1, Duration.ofSeconds(10)));
    assertThat(server.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("503");
    assertThat(server.tag(Tags.ERROR)).isEqualTo("backend not ready");
  }

  @Test
  void aResponseWithoutBodyEndsWithItsHeaders() throws Exception {
    assertThat(get("/later-204").statusCode()).isEqualTo(204);

    FinishedSpan server = serverSpan(spans.awaitCount(1, Duration.ofSeconds(10)));
    assertThat(server.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("204");
    assertThat(server.duration()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(RESPOND_AFTER_MILLIS));
  }

  @Test
  void aHandlerThatSends503ThenThrowsKeeps503AndTheErrorOnOneSpan() throws Exception {
    assertThat(get("/503-then-throw").statusCode()).isEqualTo(503);

    List<FinishedSpan> finished = spans.awaitCount(1, Duration.ofSeconds(10));
    assertThat(finished).hasSize(1);
    assertThat(finished.get(0).tag(Tags.HTTP_STATUS_CODE)).isEqualTo("503");
    assertThat(finished.get(0).tag(Tags.ERROR)).isEqualTo("not ready");
  }

  @Test
  void aResponseThatNeverCompletesIsFinishedAfterTheTimeoutAndCounted() throws Exception {
    HttpRequest never = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/never"))
        .timeout(Duration.ofMillis(500)).build();
    assertThatThrownBy(() -> http.send(never, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(filter.pendingResponses()).isEqualTo(1);

    // Expired responses are swept on incoming requests, at most once a second.
    awaitTrue(() -> {
      try {
        get("/ok");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return filter.timedOutResponses() == 1;
    });

    assertThat(filter.pendingResponses()).isZero();
    FinishedSpan expired = spans.spans().stream().filter(s -> "/never".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow();
    assertThat(expired.tag(Tags.ERROR)).isEqualTo("response not completed within 200 ms");
    assertThat(expired.tag(Tags.HTTP_STATUS_CODE)).isNull();
  }

  @Test
  void responsesBeyondTheLimitAreNotTrackedButCounted() throws Exception {
    TracingFilter limited = TracingFilter.builder(HttpServerTracing.create(tracer))
        .responseTimeout(Duration.ofMinutes(1))
        .maxPendingResponses(2)
        .build();
    server.createContext("/never-limited", exchange -> {}).getFilters().add(limited);
    HttpRequest never = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/never-limited")).timeout(Duration.ofMillis(300)).build();
    List<CompletableFuture<HttpResponse<String>>> calls = List.of(
        http.sendAsync(never, HttpResponse.BodyHandlers.ofString()),
        http.sendAsync(never, HttpResponse.BodyHandlers.ofString()),
        http.sendAsync(never, HttpResponse.BodyHandlers.ofString()));
    awaitTrue(() -> limited.pendingResponses() + limited.untrackedResponses() == 3);
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((r, e) -> null).join();

    assertThat(limited.pendingResponses()).isEqualTo(2);
    assertThat(limited.untrackedResponses()).isEqualTo(1);
    assertThat(spans.spans()).isEmpty(); // the untracked span is dropped, the others still awaited
  }

  @Test
  void theExchangeOfAnEarlierFilterGivesANoopSpanAndOneWarning() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Span> seenBefore = new java.util.concurrent.atomic.AtomicReference<>();
    com.sun.net.httpserver.HttpContext context = server.createContext("/wrong", exchange -> respond(exchange, 200));
    context.getFilters().add(com.sun.net.httpserver.Filter.beforeHandler("reads the span too early",
        exchange -> seenBefore.set(TracingFilter.span(exchange))));
    context.getFilters().add(filter);
    List<String> warnings;
    try (LogLines log = new LogLines(TracingFilter.class)) {
      get("/wrong");
      get("/wrong");
      warnings = log.messages;
    }

    assertThat(seenBefore.get().isNoop()).isTrue();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("Pass the exchange your handler received");
  }

  @Test
  void aBlockingHandlerIsTracedAsBefore() throws Exception {
    assertThat(get("/ok").statusCode()).isEqualTo(200);

    FinishedSpan server = serverSpan(spans.awaitCount(1, Duration.ofSeconds(10)));
    assertThat(server.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("200");
    assertThat(filter.pendingResponses()).isZero();
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
      Thread.sleep(20); // polling a counter that offers no notification
    }
  }
}
