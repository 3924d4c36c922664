package io.ziptrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tags;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared HTTP semantics, through a minimal request adapter. */
class HttpTracingTest {
  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().reporter(reporter).build();

  /** A request as an adapter would present it. */
  static final class Request implements HttpRequestInfo {
    final Map<String, String> headers = new HashMap<>();
    String route;
    InetSocketAddress remote = new InetSocketAddress("10.0.0.9", 51234);

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/orders/7";
    }

    @Override
    public String route() {
      return route;
    }

    @Override
    public String header(String name) {
      return headers.get(name);
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return remote;
    }
  }

  @Test
  void customParsersAddAndChangeWhatIsRecorded() {
    HttpServerTracing tracing = HttpServerTracing.builder(tracer)
        .requestParser(HttpRequestParser.DEFAULT.andThen((request, span) -> span.name("orders").tag("tenant", "acme")))
        .responseParser((response, span) -> span.tag("outcome", response.statusCode() < 400 ? "ok" : "failed"))
        .build();
    Request request = new Request();

    Span span = tracing.start(request);
    tracing.finish(span, HttpResponseInfo.of(request, 404, null));

    FinishedSpan f = reporter.spans().get(0);
    assertThat(f.name()).isEqualTo("orders");
    assertThat(f.tags()).containsEntry("tenant", "acme").containsEntry(Tags.HTTP_METHOD, "POST")
        .containsEntry("outcome", "failed").doesNotContainKey(Tags.HTTP_STATUS_CODE);
    assertThat(f.remoteEndpoint().ipv4()).isEqualTo("10.0.0.9");
    assertThat(f.remoteEndpoint().port()).isEqualTo(51234);
  }

  @Test
  void aThrowingParserNeverFailsTheRequest() {
    HttpServerTracing tracing = HttpServerTracing.builder(tracer)
        .requestParser((request, span) -> { throw new IllegalStateException("parser bug"); })
        .responseParser((response, span) -> { throw new IllegalStateException("parser bug"); })
        .build();
    Request request = new Request();

    Span span = tracing.start(request);
    tracing.finish(span, HttpResponseInfo.of(request, 200, null));

    assertThat(reporter.spans()).singleElement().extracting(FinishedSpan::kind).isEqualTo(Kind.SERVER);
  }

  @Test
  void routeNamesTheSpanAndSkipRulesApply() {
    HttpServerTracing tracing = HttpServerTracing.builder(tracer).skip(r -> r.header("x-synthetic") != null).build();
    Request request = new Request();
    request.route = "/orders/{id}";
    Request synthetic = new Request();
    synthetic.headers.put("x-synthetic", "1");

    tracing.finish(tracing.start(request), HttpResponseInfo.of(request, 500, null));
    Span skipped = tracing.start(synthetic);
    tracing.finish(skipped, HttpResponseInfo.of(synthetic, 200, null));

    assertThat(skipped.isNoop()).isTrue();
    assertThat(reporter.spans()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("POST /orders/{id}");
      assertThat(f.tags()).containsEntry(Tags.HTTP_ROUTE, "/orders/{id}").containsEntry(Tags.ERROR, "500");
    });
  }

  @Test
  void clientSpanIsAChildAndRemoteIsAnIpLiteralOnly() {
    HttpClientTracing tracing = HttpClientTracing.builder(tracer).remoteServiceName("orders").build();
    TraceContext parent = tracer.newTrace().context();
    Request byName = new Request();
    byName.remote = InetSocketAddress.createUnresolved("orders.internal", 443);
    Map<String, String> sent = new HashMap<>();

    Span span = tracing.start(parent, byName);
    tracing.inject(span, sent, Map::put);
    tracing.finish(span, HttpResponseInfo.of(byName, 0, new java.io.IOException("connection refused")));

    FinishedSpan f = reporter.spans().get(0);
    assertThat(f.kind()).isEqualTo(Kind.CLIENT);
    assertThat(f.context().parentId()).isEqualTo(parent.spanId());
    assertThat(f.remoteEndpoint().serviceName()).isEqualTo("orders");
    assertThat(f.remoteEndpoint().ipv4()).isNull(); // a host name is never resolved
    assertThat(f.remoteEndpoint().port()).isEqualTo(443);
    assertThat(f.tag(Tags.ERROR)).isEqualTo("connection refused");
    assertThat(sent).containsEntry("x-b3-spanid", f.context().spanIdString());
  }

  @Test
  void withoutARouteTheNameIsTheMethodOnly() {
    HttpServerTracing tracing = HttpServerTracing.create(tracer);
    Request request = new Request();

    tracing.finish(tracing.start(request), HttpResponseInfo.of(request, 200, null));

    assertThat(reporter.spans().get(0).name()).isEqualTo("POST");
    assertThat(reporter.spans().get(0).tag(Tags.HTTP_PATH)).isEqualTo("/orders/7");
  }

  @Test
  void aClientErrorStatusIsTheErrorTag() {
    HttpServerTracing tracing = HttpServerTracing.create(tracer);
    Request request = new Request();

    tracing.finish(tracing.start(request), HttpResponseInfo.of(request, 404, null));
    tracing.finish(tracing.start(request), HttpResponseInfo.of(request, 399, null));

    assertThat(reporter.spans().get(0).tags()).containsEntry(Tags.HTTP_STATUS_CODE, "404").containsEntry(Tags.ERROR, "404");
    assertThat(reporter.spans().get(1).tags()).doesNotContainKey(Tags.ERROR);
  }

  @Test
  void theForwardedClientAddressIsRecordedOnlyWhenTrusted() {
    Request request = new Request();
    request.headers.put("X-Forwarded-For", "203.0.113.7, 10.0.0.1");

    HttpServerTracing trusting = HttpServerTracing.builder(tracer).trustForwardedFor(true).build();
    trusting.finish(trusting.start(request), HttpResponseInfo.of(request, 200, null));
    HttpServerTracing plain = HttpServerTracing.create(tracer);
    plain.finish(plain.start(request), HttpResponseInfo.of(request, 200, null));
    request.headers.put("X-Forwarded-For", "not-an-ip.example");
    trusting.finish(trusting.start(request), HttpResponseInfo.of(request, 200, null));

    assertThat(reporter.spans().get(0).remoteEndpoint().ipv4()).isEqualTo("203.0.113.7");
    assertThat(reporter.spans().get(1).remoteEndpoint().ipv4()).isEqualTo("10.0.0.9");
    assertThat(reporter.spans().get(2).remoteEndpoint().ipv4()).isEqualTo("10.0.0.9");
  }
}
