package io.ziptrace.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tags;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpRequestParser;
import io.ziptrace.http.HttpResponseParser;
import io.ziptrace.it.conformance.ClientUnderTest.Callback;
import io.ziptrace.it.conformance.RecordingServer.Received;
import io.ziptrace.sampling.Sampler;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client and async-client halves of {@code conformance/http.md}: each adapter runs these
 * tests through its {@link ClientUnderTest}, against an untraced {@link RecordingServer}.
 */
abstract class HttpClientConformance {
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = tracer().build();
  RecordingServer server;
  ClientUnderTest client;
  boolean errorExpected;

  /** A new, not yet started client of the adapter under test. */
  abstract ClientUnderTest newClient();

  @BeforeEach
  void startServer() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try {
      SpanInvariants.check(spans.spans(), errorExpected);
    } finally {
      try {
        if (client != null) client.close();
      } finally {
        server.close();
      }
    }
  }

  Tracer.Builder tracer() {
    return Tracer.builder().localEndpoint(Endpoint.of("client")).reporter(spans);
  }

  void start(Tracer clientTracer, HttpClientTracing tracing) throws Exception {
    client = newClient();
    client.start(clientTracer, tracing);
  }

  void start(HttpClientTracing tracing) throws Exception {
    start(tracer, tracing);
  }

  void start() throws Exception {
    start(HttpClientTracing.create(tracer));
  }

  int get(TraceContext parent, String pathAndQuery) throws Exception {
    return client.send(parent, "GET", server.url(pathAndQuery), null);
  }

  Callback getAsync(TraceContext parent, String pathAndQuery) throws Exception {
    return client.sendAsync(parent, server.url(pathAndQuery)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  List<FinishedSpan> clientSpans(int count) throws InterruptedException {
    List<FinishedSpan> finished = spans.await(l -> l.stream().filter(s -> s.kind() == Kind.CLIENT).count() >= count, WAIT);
    List<FinishedSpan> clients = finished.stream().filter(s -> s.kind() == Kind.CLIENT).toList();
    assertThat(clients).hasSize(count);
    return clients;
  }

  FinishedSpan clientSpan() throws InterruptedException {
    return clientSpans(1).get(0);
  }

  List<FinishedSpan> reportedClientSpans() {
    return spans.spans().stream().filter(s -> s.kind() == Kind.CLIENT).toList();
  }

  static void assertChildOf(FinishedSpan span, TraceContext parent) {
    assertThat(span.context().traceIdString()).isEqualTo(parent.traceIdString());
    assertThat(span.context().parentIdString()).isEqualTo(parent.spanIdString());
    assertThat(span.context().spanId()).isNotEqualTo(parent.spanId());
  }

  @Test
  void propagatesNewTrace() throws Exception {
    start();
    assertThat(get(null, "/ok")).isEqualTo(200);

    Received received = server.take(WAIT);
    FinishedSpan span = clientSpan();
    assertThat(span.context().parentId()).isZero();
    assertThat(received.header("X-B3-TraceId")).isEqualTo(span.context().traceIdString());
    assertThat(received.header("X-B3-SpanId")).isEqualTo(span.context().spanIdString());
    assertThat(received.header("X-B3-ParentSpanId")).isNull();
    assertThat(received.header("X-B3-Sampled")).isEqualTo("1");
  }

  @Test
  void propagatesChildOfCurrentSpan() throws Exception {
    start();
    Span parent = tracer.newTrace().name("caller").start();
    assertThat(get(parent.context(), "/ok")).isEqualTo(200);
    parent.finish();

    Received received = server.take(WAIT);
    FinishedSpan span = clientSpan();
    assertChildOf(span, parent.context());
    assertThat(received.header("X-B3-TraceId")).isEqualTo(parent.context().traceIdString());
    assertThat(received.header("X-B3-ParentSpanId")).isEqualTo(parent.context().spanIdString());
    assertThat(received.header("X-B3-SpanId")).isEqualTo(span.context().spanIdString());
    assertThat(received.header("X-B3-Sampled")).isEqualTo("1");
  }

  @Test
  void propagatesUnsampledContext() throws Exception {
    start();
    Span parent = tracer.newTrace(false);
    assertThat(get(parent.context(), "/ok")).isEqualTo(200);

    Received received = server.take(WAIT);
    assertThat(received.header("X-B3-TraceId")).isEqualTo(parent.context().traceIdString());
    assertThat(received.header("X-B3-ParentSpanId")).isEqualTo(parent.context().spanIdString());
    assertThat(received.header("X-B3-SpanId")).isNotNull().isNotEqualTo(parent.context().spanIdString());
    assertThat(received.header("X-B3-Sampled")).isEqualTo("0");
    assertThat(reportedClientSpans()).isEmpty(); // an unsampled span cannot report later either
  }

  @Test
  void customSampler() throws Exception {
    Tracer never = tracer().sampler(Sampler.NEVER).build();
    start(never, HttpClientTracing.create(never));
    assertThat(get(null, "/ok")).isEqualTo(200);

    Received received = server.take(WAIT);
    assertThat(received.header("X-B3-TraceId")).isNotNull();
    assertThat(received.header("X-B3-SpanId")).isNotNull();
    assertThat(received.header("X-B3-Sampled")).isEqualTo("0");
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void clientTimestampAndDurationEnclosedByParent() throws Exception {
    start();
    Span parent = tracer.newTrace().name("caller").start();
    get(parent.context(), "/ok");
    parent.finish();

    FinishedSpan span = clientSpan();
    FinishedSpan caller = spans.await(l -> l.stream().anyMatch(s -> "caller".equals(s.name())), WAIT).stream()
        .filter(s -> "caller".equals(s.name())).findFirst().orElseThrow();
    assertChildOf(span, caller.context());
    assertThat(span.timestamp()).isGreaterThanOrEqualTo(caller.timestamp());
    assertThat(span.timestamp() + span.duration()).isLessThanOrEqualTo(caller.timestamp() + caller.duration());
  }

  @Test
  void reportsClientKindAndServerAddress() throws Exception {
    start();
    get(null, "/ok");

    FinishedSpan span = clientSpan();
    assertThat(span.kind()).isEqualTo(Kind.CLIENT);
    assertThat(span.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(span.remoteEndpoint().port()).isEqualTo(server.port());
  }

  @Test
  void defaultSpanNameIsMethodName() throws Exception {
    start();
    get(null, "/ok");

    FinishedSpan span = clientSpan();
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tags()).containsOnly(Map.entry(Tags.HTTP_METHOD, "GET"), Map.entry(Tags.HTTP_PATH, "/ok"),
        Map.entry(Tags.HTTP_STATUS_CODE, "200"));
  }

  @Test
  void post() throws Exception {
    start();
    assertThat(client.send(null, "POST", server.url("/echo"), "hello")).isEqualTo(200);

    Received received = server.take(WAIT);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body()).isEqualTo("hello");
    FinishedSpan span = clientSpan();
    assertThat(span.name()).isEqualTo("POST");
    assertThat(span.tag(Tags.HTTP_METHOD)).isEqualTo("POST");
  }

  @Test
  void readsRequestAtResponseTime() throws Exception {
    HttpResponseParser withPath = HttpResponseParser.DEFAULT.andThen(
        (response, span) -> span.tag("request.path", response.request().path()));
    start(HttpClientTracing.builder(tracer).responseParser(withPath).build());
    get(null, "/ok?foo=bar");

    assertThat(clientSpan().tag("request.path")).isEqualTo("/ok");
  }

  @Test
  void supportsPortableCustomization() throws Exception {
    HttpRequestParser request = (req, span) -> span.name(req.method().toLowerCase() + " custom").tag("request.customized", "yes");
    HttpResponseParser response = (res, span) -> span.tag("response.status", Integer.toString(res.statusCode()));
    start(HttpClientTracing.builder(tracer).requestParser(request).responseParser(response)
        .remoteServiceName("remote-service").build());
    get(null, "/ok");

    FinishedSpan span = clientSpan();
    assertThat(span.name()).isEqualTo("get custom");
    assertThat(span.tags()).containsOnly(Map.entry("request.customized", "yes"), Map.entry("response.status", "200"));
    assertThat(span.remoteEndpoint().serviceName()).isEqualTo("remote-service");
    assertThat(span.remoteEndpoint().port()).isEqualTo(server.port());
  }

  @Test
  void addsStatusCodeWhenNotOk() throws Exception {
    errorExpected = true;
    start();
    assertThat(get(null, "/badrequest")).isEqualTo(400);

    assertNotOk(clientSpan());
  }

  static void assertNotOk(FinishedSpan span) {
    assertThat(span.tags()).containsEntry(Tags.HTTP_STATUS_CODE, "400").containsEntry(Tags.ERROR, "400")
        .containsEntry(Tags.HTTP_PATH, "/badrequest");
  }

  @Test
  void redirect() throws Exception {
    errorExpected = true;
    start();
    Span parent = tracer.newTrace().name("caller").start();
    assertThat(get(parent.context(), "/foo")).isEqualTo(404);
    parent.finish();

    List<FinishedSpan> hops = clientSpans(2);
    assertThat(hops).allSatisfy(hop -> assertChildOf(hop, parent.context()));
    assertThat(hops).extracting(hop -> hop.tag(Tags.HTTP_PATH)).containsExactly("/foo", "/bar");
    assertThat(hops).extracting(hop -> hop.tag(Tags.HTTP_STATUS_CODE)).containsExactly("302", "404");
    assertThat(hops.get(0).context().spanId()).isNotEqualTo(hops.get(1).context().spanId());
  }

  @Test
  void emptyPath() throws Exception {
    start();
    assertThat(client.send(null, "GET", server.url(""), null)).isEqualTo(200);

    assertThat(server.take(WAIT).rawPathAndQuery()).isEqualTo("/");
    assertThat(clientSpan().tag(Tags.HTTP_PATH)).isEqualTo("/");
  }

  @Test
  void options() throws Exception {
    start();
    assertThat(client.send(null, "OPTIONS", server.url("/"), null)).isEqualTo(200);

    assertThat(clientSpan().tags()).containsEntry(Tags.HTTP_METHOD, "OPTIONS").containsEntry(Tags.HTTP_PATH, "/");
  }

  @Test
  void httpPathTagExcludesQueryParams() throws Exception {
    start();
    get(null, "/ok?z=2&yAA=1");

    assertThat(server.take(WAIT).rawPathAndQuery()).isEqualTo("/ok?z=2&yAA=1");
    assertThat(clientSpan().tag(Tags.HTTP_PATH)).isEqualTo("/ok");
  }

  @Test
  void setsError_onTransportException() throws Exception {
    errorExpected = true;
    start();
    assertThatThrownBy(() -> get(null, "/drop")).isInstanceOf(Exception.class);

    FinishedSpan span = clientSpan();
    assertThat(span.tag(Tags.ERROR)).isNotBlank();
    assertThat(span.tag(Tags.HTTP_STATUS_CODE)).isNull();
  }

  @Test
  void usesParentFromInvocationTime() throws Exception {
    start();
    Span first = tracer.newTrace().name("first").start();
    Span second = tracer.newTrace().name("second").start();
    CompletableFuture<Callback> a = client.sendAsync(first.context(), server.url("/a"));
    CompletableFuture<Callback> b = client.sendAsync(second.context(), server.url("/b"));
    CompletableFuture.allOf(a, b).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    first.finish();
    second.finish();

    List<FinishedSpan> calls = clientSpans(2);
    assertChildOf(calls.stream().filter(s -> "/a".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow(), first.context());
    assertChildOf(calls.stream().filter(s -> "/b".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow(), second.context());
  }

  @Test
  void callbackContextIsFromInvocationTime() throws Exception {
    start();
    Span parent = tracer.newTrace().name("caller").start();
    Callback callback = getAsync(parent.context(), "/ok");
    parent.finish();

    assertThat(callback.status()).isEqualTo(200);
    FinishedSpan span = clientSpan();
    assertThat(callback.contextSpanId()).isEqualTo(parent.context().spanIdString())
        .isNotEqualTo(span.context().spanIdString());
  }

  @Test
  void callbackContextIsFromInvocationTime_root() throws Exception {
    start();
    Callback callback = getAsync(null, "/ok");

    assertThat(callback.status()).isEqualTo(200);
    assertThat(clientSpan().context().parentId()).isZero();
    assertThat(callback.contextSpanId()).isNull();
  }

  @Test
  void addsStatusCodeWhenNotOk_async() throws Exception {
    errorExpected = true;
    start();
    assertThat(getAsync(null, "/badrequest").status()).isEqualTo(400);

    assertNotOk(clientSpan());
  }
}
