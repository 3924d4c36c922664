package io.ziptrace.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import brave.baggage.BaggagePropagation;
import brave.baggage.BaggagePropagationConfig.SingleBaggageField;
import brave.propagation.B3Propagation;
import brave.propagation.TraceContext.Extractor;
import brave.propagation.TraceContext.Injector;
import brave.propagation.TraceContextOrSamplingFlags;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A remote baggage field crosses between ziptrace and Brave, which carries each remote field in a
 * header of its own: Brave's {@code SingleBaggageField} under a key name such as {@code user-id}
 * or the prefixed {@code baggage-user-id}, and ziptrace's field declared {@code withHeader} of the
 * same name. Both directions, over B3: Brave → ziptrace → Brave, and ziptrace → Brave → ziptrace;
 * each hop sees the value, a field ziptrace did not declare goes no further than ziptrace, and
 * Zipkin holds one trace.
 */
class BraveBaggageInteropTest {
  static final brave.baggage.BaggageField BRAVE_USER_ID = brave.baggage.BaggageField.create("user_id");
  /** Declared in Brave only: ziptrace must drop it rather than pass it on. */
  static final brave.baggage.BaggageField BRAVE_COUNTRY = brave.baggage.BaggageField.create("country_code");

  final ZipkinServer zipkin = ZipkinServer.shared();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Brave's B3 with both fields, {@code user_id} sent under {@code header}. */
  static brave.propagation.Propagation.Factory braveBaggage(String header) {
    return BaggagePropagation.newFactoryBuilder(B3Propagation.FACTORY)
        .add(SingleBaggageField.newBuilder(BRAVE_USER_ID).addKeyName(header).build())
        .add(SingleBaggageField.newBuilder(BRAVE_COUNTRY).addKeyName("country-code").build())
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"user-id", "baggage-user-id"})
  void braveClientThroughZiptraceToBraveServer(String header) throws Exception {
    BaggageField userId = BaggageField.remote("user_id").withHeader(header);
    List<TraceContext> atZiptrace = new CopyOnWriteArrayList<>();
    List<TraceContextOrSamplingFlags> atBraveServer = new CopyOnWriteArrayList<>();
    List<Headers> braveServerHeaders = new CopyOnWriteArrayList<>();
    String traceId;
    brave.Span client;
    AsyncReporter reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    try (BravePeer braveClient = new BravePeer("brave_client", zipkin.spansUrl(), braveBaggage(header));
        BravePeer braveServer = new BravePeer("brave_server", zipkin.spansUrl(), braveBaggage(header));
        Tracer ziptrace = Tracer.builder().localEndpoint(Endpoint.of("ziptrace_middle")).reporter(reporter)
            .baggageFields(userId).build();
        TracedServers.Running far = TracedServers.start();
        TracedServers.Running middle = TracedServers.start()) {
      serveWithBrave(far, "/far", braveServer, (exchange, extracted) -> {
        atBraveServer.add(extracted);
        braveServerHeaders.add(exchange.getRequestHeaders());
      });
      TracingHttpClient ziptraceClient = TracingHttpClient.create(http, ziptrace);
      middle.context("/middle", exchange -> {
        Span span = TracingFilter.span(exchange);
        atZiptrace.add(span.context());
        respond(exchange, send(ziptraceClient, span.context(), far.uri("/far")));
      }).getFilters().add(TracingFilter.create(ziptrace));

      client = braveClient.tracing.tracer().newTrace().kind(brave.Span.Kind.CLIENT).name("call ziptrace").start();
      BRAVE_USER_ID.updateValue(client.context(), "u-42");
      BRAVE_COUNTRY.updateValue(client.context(), "nz");
      Injector<HttpRequest.Builder> injector = braveClient.tracing.propagation().injector(HttpRequest.Builder::setHeader);
      HttpRequest.Builder request = HttpRequest.newBuilder(middle.uri("/middle"));
      injector.inject(client.context(), request);
      assertThat(request.build().headers().firstValue(header)).contains("u-42"); // Brave's own header
      assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      client.finish();
      traceId = client.context().traceIdString();
      awaitAccepted(reporter, 2);
    }

    assertThat(atZiptrace).singleElement().satisfies(context -> {
      assertThat(context.traceIdString()).isEqualTo(traceId);
      assertThat(context.baggage()).isEqualTo(Map.of("user_id", "u-42"));
    });
    assertThat(atBraveServer).singleElement().satisfies(extracted -> {
      assertThat(extracted.context()).isNotNull();
      assertThat(BRAVE_USER_ID.getValue(extracted)).isEqualTo("u-42");
      assertThat(BRAVE_COUNTRY.getValue(extracted)).isNull();
    });
    assertThat(braveServerHeaders.get(0).get(header)).containsExactly("u-42");
    assertThat(braveServerHeaders.get(0).containsKey("country-code")).isFalse();

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 4);
    assertThat(trace).hasSize(4).extracting(zipkin2.Span::traceId).containsOnly(traceId);
    zipkin2.Span braveClientSpan = only(trace, "brave_client", zipkin2.Span.Kind.CLIENT);
    zipkin2.Span ziptraceServer = only(trace, "ziptrace_middle", zipkin2.Span.Kind.SERVER);
    zipkin2.Span ziptraceClient = only(trace, "ziptrace_middle", zipkin2.Span.Kind.CLIENT);
    zipkin2.Span braveServerSpan = only(trace, "brave_server", zipkin2.Span.Kind.SERVER);
    assertThat(ziptraceServer.id()).isEqualTo(braveClientSpan.id());
    assertThat(ziptraceClient.parentId()).isEqualTo(ziptraceServer.id());
    assertThat(braveServerSpan.id()).isEqualTo(ziptraceClient.id());
    assertThat(braveServerSpan.parentId()).isEqualTo(ziptraceServer.id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"user-id", "baggage-user-id"})
  void ziptraceClientThroughBraveToZiptraceServer(String header) throws Exception {
    BaggageField userId = BaggageField.remote("user_id").withHeader(header);
    List<TraceContextOrSamplingFlags> atBrave = new CopyOnWriteArrayList<>();
    List<TraceContext> atZiptraceServer = new CopyOnWriteArrayList<>();
    List<Headers> ziptraceServerHeaders = new CopyOnWriteArrayList<>();
    String traceId;
    AsyncReporter frontReporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    AsyncReporter backReporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    try (BravePeer braveMiddle = new BravePeer("brave_middle", zipkin.spansUrl(), braveBaggage(header));
        Tracer front = Tracer.builder().localEndpoint(Endpoint.of("ziptrace_front")).reporter(frontReporter)
            .baggageFields(userId).build();
        Tracer back = Tracer.builder().localEndpoint(Endpoint.of("ziptrace_back")).reporter(backReporter)
            .baggageFields(userId).build();
        TracedServers.Running backServer = TracedServers.start();
        TracedServers.Running braveServer = TracedServers.start()) {
      backServer.context("/back", exchange -> {
        atZiptraceServer.add(TracingFilter.span(exchange).context());
        ziptraceServerHeaders.add(exchange.getRequestHeaders());
        respond(exchange, 200);
      }).getFilters().add(TracingFilter.create(back));
      Injector<HttpRequest.Builder> injector = braveMiddle.tracing.propagation().injector(HttpRequest.Builder::setHeader);
      serveWithBrave(braveServer, "/brave", braveMiddle, (exchange, extracted) -> {
        atBrave.add(extracted);
      }, (serverSpan) -> {
        // Brave's handler calls on, with a client span that inherits the baggage, plus a field of its own.
        brave.Span call = braveMiddle.tracing.tracer().newChild(serverSpan.context()).kind(brave.Span.Kind.CLIENT)
            .name("call ziptrace").start();
        BRAVE_COUNTRY.updateValue(call.context(), "nz");
        HttpRequest.Builder request = HttpRequest.newBuilder(backServer.uri("/back"));
        injector.inject(call.context(), request);
        int status = sendUntraced(request.build());
        call.finish();
        return status;
      });

      Span root = front.newTrace().name("caller").start();
      TraceContext withUser = root.context().withBaggage(userId, "u-42");
      TracingHttpClient client = TracingHttpClient.create(http, front);
      assertThat(client.send(withUser, HttpRequest.newBuilder(braveServer.uri("/brave")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      root.finish();
      traceId = root.context().traceIdString();
      awaitAccepted(frontReporter, 2);
      awaitAccepted(backReporter, 1);
    }

    assertThat(atBrave).singleElement().satisfies(extracted -> {
      assertThat(extracted.context()).isNotNull();
      assertThat(extracted.context().traceIdString()).isEqualTo(traceId);
      assertThat(BRAVE_USER_ID.getValue(extracted)).isEqualTo("u-42");
    });
    assertThat(ziptraceServerHeaders.get(0).get(header)).containsExactly("u-42");
    assertThat(ziptraceServerHeaders.get(0).get("country-code")).containsExactly("nz"); // sent, but not declared here
    assertThat(atZiptraceServer).singleElement().satisfies(context -> {
      assertThat(context.traceIdString()).isEqualTo(traceId);
      assertThat(context.baggage()).isEqualTo(Map.of("user_id", "u-42"));
    });

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 5);
    assertThat(trace).hasSize(5).extracting(zipkin2.Span::traceId).containsOnly(traceId);
    zipkin2.Span ziptraceClient = only(trace, "ziptrace_front", zipkin2.Span.Kind.CLIENT);
    zipkin2.Span braveServerSpan = only(trace, "brave_middle", zipkin2.Span.Kind.SERVER);
    zipkin2.Span braveClientSpan = only(trace, "brave_middle", zipkin2.Span.Kind.CLIENT);
    zipkin2.Span ziptraceServer = only(trace, "ziptrace_back", zipkin2.Span.Kind.SERVER);
    assertThat(ziptraceClient.parentId()).isEqualTo(root(trace).id());
    assertThat(braveServerSpan.id()).isEqualTo(ziptraceClient.id());
    assertThat(braveClientSpan.parentId()).isEqualTo(braveServerSpan.id());
    assertThat(ziptraceServer.id()).isEqualTo(braveClientSpan.id());
    assertThat(ziptraceServer.shared()).isTrue();
  }

  interface Recording {
    void record(HttpExchange exchange, TraceContextOrSamplingFlags extracted);
  }

  interface Work {
    int run(brave.Span serverSpan) throws IOException;
  }

  /** Serves {@code path} as a Brave-traced service that records what it extracted and answers 200. */
  static void serveWithBrave(TracedServers.Running server, String path, BravePeer peer, Recording recording) {
    serveWithBrave(server, path, peer, recording, serverSpan -> 200);
  }

  /**
   * Serves {@code path} as a Brave-traced service: extracts with Brave's propagation, records what
   * it extracted, joins the caller's span, does {@code work} within it, and answers with the
   * status {@code work} returns. The span finishes before the response, so that it is reported
   * before the test closes Brave.
   */
  static void serveWithBrave(TracedServers.Running server, String path, BravePeer peer, Recording recording, Work work) {
    Extractor<Headers> extractor = peer.tracing.propagation().extractor(Headers::getFirst);
    server.context(path, exchange -> {
      TraceContextOrSamplingFlags extracted = extractor.extract(exchange.getRequestHeaders());
      recording.record(exchange, extracted);
      brave.Tracer tracer = peer.tracing.tracer();
      brave.Span span = extracted.context() != null ? tracer.joinSpan(extracted.context()) : tracer.nextSpan(extracted);
      span.kind(brave.Span.Kind.SERVER).name("brave handler").start();
      int status;
      try {
        status = work.run(span);
      } finally {
        span.finish();
      }
      respond(exchange, status);
    });
  }

  int sendUntraced(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static int send(TracingHttpClient client, TraceContext parent, URI uri) throws IOException {
    try {
      return client.send(parent, HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static void respond(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** Waits until {@code count} spans are queued or sent: a report racing close() would be dropped. */
  static void awaitAccepted(AsyncReporter reporter, int count) {
    ZipkinServer.await(() -> reporter.metrics().queuedSpans() + reporter.metrics().spansSent(),
        accepted -> accepted == count, count + " ziptrace spans");
  }

  static zipkin2.Span only(List<zipkin2.Span> trace, String service, zipkin2.Span.Kind kind) {
    List<zipkin2.Span> found = trace.stream().filter(s -> service.equals(s.localServiceName()) && s.kind() == kind).toList();
    assertThat(found).as("%s %s spans in %s", service, kind, trace).hasSize(1);
    return found.get(0);
  }

  static zipkin2.Span root(List<zipkin2.Span> trace) {
    List<zipkin2.Span> roots = trace.stream().filter(s -> s.parentId() == null && !Boolean.TRUE.equals(s.shared())).toList();
    assertThat(roots).as("roots of %s", trace).hasSize(1);
    return roots.get(0);
  }
}
