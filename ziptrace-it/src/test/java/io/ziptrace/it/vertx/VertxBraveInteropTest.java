package io.ziptrace.it.vertx;

import static io.ziptrace.it.vertx.VertxApps.await;
import static io.ziptrace.it.vertx.VertxApps.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.tracing.zipkin.ZipkinTracerFactory;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.it.http.BravePeer;
import io.ziptrace.it.http.TracedServers;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.vertx.VertxTracing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span.Kind;

/**
 * A Vert.x service traced by ziptrace between a JDK service traced by ziptrace and a Vert.x
 * service traced by Vert.x's own Zipkin tracer (Brave), in both directions: Zipkin sees one trace.
 */
class VertxBraveInteropTest {
  final ZipkinServer zipkin = ZipkinServer.shared();
  final Tracer jdkTracer = tracer("jdk_service");
  final Tracer vertxTracer = tracer("vertx_ziptrace");
  final BravePeer brave = new BravePeer("vertx_brave", zipkin.spansUrl());
  final Vertx ziptraced = Vertx.builder().withTracer(VertxTracing.create(vertxTracer)).build();
  // vertx-zipkin keeps one tracer per Vert.x instance.
  final Vertx braveTraced = Vertx.builder().withTracer(new ZipkinTracerFactory(brave.tracing)).build();
  final TracedServers.Running jdkServer = TracedServers.start();

  Tracer tracer(String serviceName) {
    return Tracer.builder().localEndpoint(Endpoint.of(serviceName))
        .reporter(AsyncReporter.create(HttpSender.create(zipkin.spansUrl()))).build();
  }

  @AfterEach
  void close() throws Exception {
    jdkServer.close();
    await(ziptraced.close());
    await(braveTraced.close());
    brave.close();
    vertxTracer.close();
    jdkTracer.close();
  }

  @Test
  void jdkClientThroughZiptraceVertxToBraveVertx() throws Exception {
    int bravePort = listen(braveTraced, request -> request.response().end("brave"));
    WebClient client = WebClient.create(ziptraced);
    int ziptracePort = listen(ziptraced, request -> client.get(bravePort, "127.0.0.1", "/brave").send()
        .onSuccess(response -> request.response().end("via " + response.bodyAsString()))
        .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e))));

    Span root = jdkTracer.newTrace().name("caller").start();
    HttpResponse<String> response = TracingHttpClient.create(HttpClient.newHttpClient(), jdkTracer).send(root.context(),
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ziptracePort + "/ziptrace")).build(),
        HttpResponse.BodyHandlers.ofString());
    root.finish();

    assertThat(response.body()).isEqualTo("via brave");
    List<zipkin2.Span> trace = zipkin.awaitTrace(root.context().traceIdString(), 5);
    assertThat(trace).hasSize(5).extracting(zipkin2.Span::traceId).containsOnly(root.context().traceIdString());
    zipkin2.Span jdkClient = only(trace, "jdk_service", Kind.CLIENT);
    zipkin2.Span vertxServer = only(trace, "vertx_ziptrace", Kind.SERVER);
    zipkin2.Span vertxClient = only(trace, "vertx_ziptrace", Kind.CLIENT);
    zipkin2.Span braveServer = only(trace, "vertx_brave", Kind.SERVER);
    assertThat(jdkClient.parentId()).isEqualTo(root.context().spanIdString());
    assertThat(vertxServer.id()).isEqualTo(jdkClient.id());
    assertThat(vertxClient.parentId()).isEqualTo(vertxServer.id());
    assertThat(braveServer.id()).isEqualTo(vertxClient.id()); // Brave joins ziptrace's client span
    assertThat(braveServer.shared()).isTrue();
    assertThat(braveServer.tags()).containsEntry("http.path", "/brave");
  }

  @Test
  void braveVertxClientThroughZiptraceVertxToJdkServer() throws Exception {
    jdkServer.context("/jdk", exchange -> {
      TracingFilter.span(exchange).tag("handled.by", "jdk");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    }).getFilters().add(TracingFilter.create(jdkTracer));
    int jdkPort = jdkServer.uri("/").getPort();
    WebClient client = WebClient.create(ziptraced);
    int ziptracePort = listen(ziptraced, request -> {
      String traceId = VertxTracing.span(Vertx.currentContext()).context().traceIdString();
      client.get(jdkPort, "127.0.0.1", "/jdk").send()
          .onSuccess(response -> request.response().end(traceId))
          .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e)));
    });
    // Outside any request, Brave starts a trace only where the policy says ALWAYS.
    WebClient braveClient = WebClient.create(braveTraced, new WebClientOptions().setTracingPolicy(TracingPolicy.ALWAYS));

    String traceId = await(braveClient.get(ziptracePort, "127.0.0.1", "/ziptrace").send()).bodyAsString();

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 4);
    assertThat(trace).hasSize(4).extracting(zipkin2.Span::traceId).containsOnly(traceId);
    zipkin2.Span braveClientSpan = only(trace, "vertx_brave", Kind.CLIENT);
    zipkin2.Span vertxServer = only(trace, "vertx_ziptrace", Kind.SERVER);
    zipkin2.Span vertxClient = only(trace, "vertx_ziptrace", Kind.CLIENT);
    zipkin2.Span jdkServerSpan = only(trace, "jdk_service", Kind.SERVER);
    assertThat(braveClientSpan.parentId()).isNull();
    assertThat(vertxServer.id()).isEqualTo(braveClientSpan.id()); // ziptrace joins Brave's client span
    assertThat(vertxServer.shared()).isTrue();
    assertThat(vertxClient.parentId()).isEqualTo(vertxServer.id());
    assertThat(jdkServerSpan.id()).isEqualTo(vertxClient.id());
    assertThat(jdkServerSpan.tags()).containsEntry("handled.by", "jdk");
  }

  private static zipkin2.Span only(List<zipkin2.Span> trace, String service, Kind kind) {
    List<zipkin2.Span> matching = trace.stream().filter(s -> service.equals(s.localServiceName()) && s.kind() == kind).toList();
    assertThat(matching).as("%s %s in %s", service, kind, trace).hasSize(1);
    return matching.get(0);
  }
}
