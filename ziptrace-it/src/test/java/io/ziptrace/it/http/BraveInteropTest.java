package io.ziptrace.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import brave.propagation.TraceContext.Extractor;
import brave.propagation.TraceContext.Injector;
import brave.propagation.TraceContextOrSamplingFlags;
import com.sun.net.httpserver.Headers;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ziptrace and Brave continue each other's traces, and Zipkin sees one trace. */
class BraveInteropTest {
  final ZipkinServer zipkin = ZipkinServer.shared();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void braveClientCallsZiptraceServer() throws Exception {
    String traceId;
    brave.Span client;
    AsyncReporter reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    try (BravePeer peer = new BravePeer("brave_client", zipkin.spansUrl());
        Tracer ziptrace = Tracer.builder().localEndpoint(Endpoint.of("ziptrace_server")).reporter(reporter).build();
        TracedServers.Running server = TracedServers.start()) {
      server.context("/hello", exchange -> {
        TracingFilter.span(exchange).tag("handled.by", "ziptrace");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      }).getFilters().add(TracingFilter.create(ziptrace));

      Injector<HttpRequest.Builder> injector = peer.tracing.propagation().injector(HttpRequest.Builder::setHeader);
      client = peer.tracing.tracer().newTrace().kind(brave.Span.Kind.CLIENT).name("call ziptrace").start();
      HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/hello"));
      injector.inject(client.context(), request);
      assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      client.finish();
      traceId = client.context().traceIdString();
      // The server span ends just after the client has its response: wait for it before closing.
      // (queued or sent, not merely reported: a report racing close() would be dropped as CLOSED)
      ZipkinServer.await(() -> reporter.metrics().queuedSpans() + reporter.metrics().spansSent(),
          accepted -> accepted == 1, "the server span");
    }

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 2);
    zipkin2.Span serverSpan = trace.stream().filter(s -> "ziptrace_server".equals(s.localServiceName())).findFirst().orElseThrow();
    zipkin2.Span clientSpan = trace.stream().filter(s -> "brave_client".equals(s.localServiceName())).findFirst().orElseThrow();
    assertThat(serverSpan.kind()).isEqualTo(zipkin2.Span.Kind.SERVER);
    assertThat(serverSpan.id()).isEqualTo(clientSpan.id()); // joined: the server shares the client's span id
    assertThat(serverSpan.shared()).isTrue();
    assertThat(serverSpan.tags()).containsEntry("handled.by", "ziptrace");
  }

  @Test
  void ziptraceClientCallsBraveServer() throws Exception {
    String traceId;
    try (BravePeer peer = new BravePeer("brave_server", zipkin.spansUrl());
        Tracer ziptrace = Tracer.builder().localEndpoint(Endpoint.of("ziptrace_client"))
            .reporter(AsyncReporter.create(HttpSender.create(zipkin.spansUrl()))).build();
        TracedServers.Running server = TracedServers.start()) {
      Extractor<Headers> extractor = peer.tracing.propagation().extractor(Headers::getFirst);
      server.context("/hello", exchange -> {
        TraceContextOrSamplingFlags extracted = extractor.extract(exchange.getRequestHeaders());
        brave.Tracer tracer = peer.tracing.tracer();
        brave.Span span = extracted.context() != null ? tracer.joinSpan(extracted.context()) : tracer.nextSpan(extracted);
        span.kind(brave.Span.Kind.SERVER).name("brave handler").start();
        span.finish(); // before responding, so that it is reported before the test closes Brave
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });

      Span root = ziptrace.newTrace().name("caller").start();
      TracingHttpClient client = TracingHttpClient.create(http, ziptrace);
      client.send(root.context(), HttpRequest.newBuilder(server.uri("/hello")).build(), HttpResponse.BodyHandlers.discarding());
      root.finish();
      traceId = root.context().traceIdString();
    }

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 3);
    zipkin2.Span clientSpan = trace.stream().filter(s -> s.kind() == zipkin2.Span.Kind.CLIENT).findFirst().orElseThrow();
    zipkin2.Span serverSpan = trace.stream().filter(s -> "brave_server".equals(s.localServiceName())).findFirst().orElseThrow();
    assertThat(clientSpan.localServiceName()).isEqualTo("ziptrace_client");
    assertThat(serverSpan.id()).isEqualTo(clientSpan.id());
    assertThat(serverSpan.parentId()).isEqualTo(clientSpan.parentId());
    assertThat(trace).extracting(zipkin2.Span::traceId).containsOnly(traceId);
    assertThat(serverSpan.kind()).isEqualTo(zipkin2.Span.Kind.SERVER);
  }
}
