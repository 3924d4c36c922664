package io.ziptrace.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpRequestParser;
import io.ziptrace.http.HttpResponseParser;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.sampling.Sampler;
import io.ziptrace.testing.InMemoryReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server half of {@code conformance/http.md}: each adapter runs these tests through its
 * {@link ServerUnderTest}, with plain (untraced) JDK client requests on loopback.
 */
abstract class HttpServerConformance {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String TRACE = "463ac35c9f6413ad";
  static final String PARENT = "0562f1b0eb2e4f2a";
  static final String SPAN = "a2fb4a1d1a96d312";

  final InMemoryReporter spans = new InMemoryReporter();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  ServerUnderTest server;
  int port;
  boolean errorExpected;

  /** A new, not yet started server of the adapter under test. */
  abstract ServerUnderTest newServer();

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try {
      SpanInvariants.check(spans.spans(), errorExpected);
    } finally {
      if (server != null) server.close();
    }
  }

  Tracer.Builder tracer() {
    return Tracer.builder().localEndpoint(Endpoint.of("server")).reporter(spans);
  }

  void start(HttpServerTracing tracing) throws Exception {
    server = newServer();
    port = server.start(tracing);
  }

  void start() throws Exception {
    start(HttpServerTracing.create(tracer().build()));
  }

  /** Sends a request and returns the status the client got (reading as much body as comes). */
  int send(String method, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(WAIT);
    if (headers.length > 0) request.headers(headers);
    AtomicInteger status = new AtomicInteger(-1);
    try {
      return http.send(request.build(), response -> {
        status.set(response.statusCode()); // kept before the body is read: see below
        return HttpResponse.BodySubscribers.discarding();
      }).statusCode();
    } catch (IOException e) {
      // A handler that failed after sending its status cuts the body short: the status is what
      // counts. The client may report the cut body from send() itself (seen on JDK 25: "chunked
      // transfer encoding, state: READING_LENGTH"), so the status is taken as the headers came.
      if (status.get() < 0) throw e;
      return status.get();
    }
  }

  int get(String pathAndQuery, String... headers) throws Exception {
    return send("GET", pathAndQuery, headers);
  }

  FinishedSpan serverSpan() throws InterruptedException {
    List<FinishedSpan> finished = spans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.SERVER), WAIT);
    assertThat(finished).filteredOn(s -> s.kind() == Kind.SERVER).hasSize(1);
    return finished.stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
  }

  /** Sends one more request that is traced, so that nothing reported before it is still in flight. */
  void assertNothingReportedBefore() throws Exception {
    assertThat(get("/ok")).isEqualTo(200);
    serverSpan();
    assertThat(spans.spans()).hasSize(1);
  }

  @Test
  void joinsASingleB3Header() throws Exception {
    start();
    get("/ok", "b3", TRACE + "-" + SPAN + "-1-" + PARENT);

    assertJoined(serverSpan());
  }

  @Test
  void joinsMultiB3Headers() throws Exception {
    start();
    get("/ok", "X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-ParentSpanId", PARENT, "X-B3-Sampled", "1");

    assertJoined(serverSpan());
  }

  static void assertJoined(FinishedSpan span) {
    assertThat(span.context().traceIdString()).isEqualTo(TRACE);
    assertThat(span.context().spanIdString()).isEqualTo(SPAN);
    assertThat(span.context().parentIdString()).isEqualTo(PARENT);
    assertThat(span.context().shared()).isTrue();
  }

  @Test
  void createsAChildWhenJoinIsDisabled() throws Exception {
    start(HttpServerTracing.create(tracer().supportsJoin(false).build()));
    get("/ok", "b3", TRACE + "-" + SPAN + "-1");

    FinishedSpan span = serverSpan();
    assertThat(span.context().traceIdString()).isEqualTo(TRACE);
    assertThat(span.context().parentIdString()).isEqualTo(SPAN);
    assertThat(span.context().spanIdString()).isNotEqualTo(SPAN);
    assertThat(span.context().shared()).isFalse();
  }

  @Test
  void anUnsampledIncomingContextReportsNothing() throws Exception {
    start();
    assertThat(get("/ok", "b3", TRACE + "-" + SPAN + "-0")).isEqualTo(200);

    assertNothingReportedBefore();
  }

  @Test
  void aPathRuleThatSaysNeverReportsNothing() throws Exception {
    start(HttpServerTracing.builder(tracer().build()).skipPaths("/child").build());
    assertThat(get("/child")).isEqualTo(200);

    assertNothingReportedBefore();
  }

  @Test
  void aNeverSamplerReportsNothing() throws Exception {
    start(HttpServerTracing.create(tracer().sampler(Sampler.NEVER).build()));
    assertThat(get("/ok")).isEqualTo(200);
    assertThat(get("/child")).isEqualTo(200);

    // a traced request on another server proves nothing of ours was still in flight
    ServerUnderTest witness = newServer();
    try {
      int witnessPort = witness.start(HttpServerTracing.create(tracer().build()));
      int ours = port;
      port = witnessPort;
      assertThat(get("/ok")).isEqualTo(200);
      port = ours;
      serverSpan();
      assertThat(spans.spans()).hasSize(1);
    } finally {
      witness.close();
    }
  }

  @Test
  void anAsyncHandlerKeepsItsSpan() throws Exception {
    start();
    assertThat(get("/async")).isEqualTo(200);

    FinishedSpan span = serverSpan();
    assertThat(span.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("200");
  }

  @Test
  void aChildSpanOfTheRequestEndsInsideIt() throws Exception {
    start();
    assertThat(get("/child")).isEqualTo(200);

    FinishedSpan server = serverSpan();
    List<FinishedSpan> finished = spans.awaitCount(2, WAIT);
    FinishedSpan child = finished.stream().filter(s -> "child".equals(s.name())).findFirst().orElseThrow();
    assertThat(child.context().traceIdString()).isEqualTo(server.context().traceIdString());
    assertThat(child.context().parentId()).isEqualTo(server.context().spanId());
    assertThat(child.timestamp()).isGreaterThanOrEqualTo(server.timestamp());
    assertThat(child.timestamp() + child.duration()).isLessThanOrEqualTo(server.timestamp() + server.duration());
  }

  @Test
  void recordsTheClientAddress() throws Exception {
    start();
    get("/ok");

    assertThat(serverSpan().remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(serverSpan().remoteEndpoint().port()).isPositive();
  }

  @Test
  void recordsTheForwardedClientAddressWhenTrusted() throws Exception {
    start(HttpServerTracing.builder(tracer().build()).trustForwardedFor(true).build());
    get("/ok", "X-Forwarded-For", "1.2.3.4, 127.0.0.1");

    assertThat(serverSpan().remoteEndpoint().ipv4()).isEqualTo("1.2.3.4");
  }

  @Test
  void isAServerSpanNamedByTheMethodOrTheRouteTheFrameworkKnows() throws Exception {
    start();
    get("/ok");

    FinishedSpan span = serverSpan();
    assertThat(span.kind()).isEqualTo(Kind.SERVER);
    String route = span.tag(Tags.HTTP_ROUTE); // Vert.x Web routes /ok by a template, the JDK server does not
    assertThat(route).isIn(null, "/ok");
    assertThat(span.name()).isEqualTo(route == null ? "GET" : "GET " + route);
    assertThat(span.tags()).containsEntry(Tags.HTTP_METHOD, "GET").containsEntry(Tags.HTTP_PATH, "/ok")
        .containsEntry(Tags.HTTP_STATUS_CODE, "200");
  }

  @Test
  void theResponseParserCanReadTheRequest() throws Exception {
    HttpResponseParser withPath = HttpResponseParser.DEFAULT.andThen(
        (response, span) -> span.tag("request.path", response.request().path()));
    start(HttpServerTracing.builder(tracer().build()).responseParser(withPath).build());
    get("/ok?foo=bar");

    assertThat(serverSpan().tag("request.path")).isEqualTo("/ok");
  }

  @Test
  void customParsersSetTheNameAndTags() throws Exception {
    HttpRequestParser request = (req, span) -> span.name(req.method().toLowerCase() + " custom").tag("request.customized", "yes");
    HttpResponseParser response = (res, span) -> span.tag("response.status", Integer.toString(res.statusCode()));
    start(HttpServerTracing.builder(tracer().build()).requestParser(request).responseParser(response).build());
    get("/ok");

    FinishedSpan span = serverSpan();
    assertThat(span.name()).isEqualTo("get custom");
    assertThat(span.tags()).containsOnly(Map.entry("request.customized", "yes"), Map.entry("response.status", "200"));
  }

  @Test
  void routesNameSpansByTemplate() throws Exception {
    assertRoute(UnaryOperator.identity());
  }

  @Test
  void nestedRoutesNameSpansByTemplate() throws Exception {
    assertRoute(route -> "/nested" + route);
  }

  @Test
  void asyncRoutesNameSpansByTemplate() throws Exception {
    assertRoute(route -> "/async" + route);
  }

  private void assertRoute(UnaryOperator<String> prefix) throws Exception {
    start();
    String items = prefix.apply("/items");
    assertThat(get(items + "/1?foo")).isEqualTo(200);
    FinishedSpan first = serverSpan();
    spans.clear();
    assertThat(get(items + "/2?bar")).isEqualTo(200);
    FinishedSpan second = serverSpan();

    assertThat(first.name()).isEqualTo(second.name()).isEqualTo("GET " + prefix.apply(server.itemsRoute()))
        .startsWith("GET " + items).doesNotContain("//").doesNotEndWith("/");
    assertThat(first.tag(Tags.HTTP_ROUTE)).isEqualTo(prefix.apply(server.itemsRoute()));
    assertThat(first.tag(Tags.HTTP_PATH)).isEqualTo(items + "/1");
    assertThat(second.tag(Tags.HTTP_PATH)).isEqualTo(items + "/2");
  }

  @Test
  void notFound() throws Exception {
    errorExpected = true;
    start();
    assertThat(get("/nothing/here")).isEqualTo(404);

    FinishedSpan span = serverSpan();
    assertThat(span.name()).isIn("GET", "GET not_found");
    assertThat(span.tags()).containsOnly(Map.entry(Tags.HTTP_METHOD, "GET"), Map.entry(Tags.HTTP_PATH, "/nothing/here"),
        Map.entry(Tags.HTTP_STATUS_CODE, "404"), Map.entry(Tags.ERROR, "404"));
  }

  @Test
  void options() throws Exception {
    start();
    assertThat(send("OPTIONS", "/")).isEqualTo(200);

    FinishedSpan span = serverSpan();
    assertThat(span.tags()).containsEntry(Tags.HTTP_METHOD, "OPTIONS").containsEntry(Tags.HTTP_PATH, "/");
  }

  @Test
  void badRequestIsAnError() throws Exception {
    errorExpected = true;
    start();
    assertThat(get("/badrequest?reason=test")).isEqualTo(400);

    FinishedSpan span = serverSpan();
    assertThat(span.tags()).containsEntry(Tags.HTTP_STATUS_CODE, "400").containsEntry(Tags.ERROR, "400")
        .containsEntry(Tags.HTTP_PATH, "/badrequest");
  }

  @Test
  void anUncaughtExceptionKeepsTheStatusTheClientGot() throws Exception {
    assertUncaughtException("/exception");
  }

  @Test
  void anUncaughtExceptionKeepsTheStatusTheClientGot_async() throws Exception {
    assertUncaughtException("/exceptionAsync");
  }

  private void assertUncaughtException(String path) throws Exception {
    errorExpected = true;
    start();
    int status = get(path);

    assertThat(status).isEqualTo(503);
    FinishedSpan span = serverSpan();
    assertThat(span.tag(Tags.HTTP_STATUS_CODE)).isEqualTo(Integer.toString(status));
    assertThat(span.tag(Tags.ERROR)).contains("not ready");
  }
}
