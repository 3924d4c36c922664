package io.ziptrace.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ziptrace between two services instrumented with the OpenTelemetry SDK, which propagate with
 * OpenTelemetry's own W3C Trace Context and Baggage propagators: an OpenTelemetry client calls a
 * ziptrace JDK server, whose handler calls an OpenTelemetry server with ziptrace's JDK client. What
 * reaches the far end must be the same trace, a child of ziptrace's client span, with the
 * caller's {@code tracestate} and random-trace-id flag, and the declared baggage alone; Zipkin
 * must hold ziptrace's spans as one trace.
 */
class OtelInteropTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id");
  /** Two other vendors' entries, as W3C Trace Context's examples have them. */
  static final String TRACE_STATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  final ZipkinServer zipkin = ZipkinServer.shared();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static Stream<Arguments> propagations() {
    return Stream.of(
        Arguments.of("traceparent and B3", CompositePropagation.of(TraceparentPropagation.create(), B3Propagation.multi())),
        Arguments.of("traceparent alone", TraceparentPropagation.create()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagations")
  void traceStateRandomFlagAndDeclaredBaggageCrossZiptrace(String description, Propagation propagation) throws Exception {
    // put() adds in front: rojo first, so that the header lists congo then rojo
    TraceState traceState = TraceState.builder().put("rojo", "00f067aa0ba902b7").put("congo", "t61rcWkgMzE").build();
    try (OtelPeer otelClient = OtelPeer.withRootTraceState("otel_client", traceState);
        OtelPeer otelServer = OtelPeer.create("otel_server");
        Chain chain = new Chain(propagation, otelServer)) {
      io.opentelemetry.api.trace.Span clientSpan =
          otelClient.tracer().spanBuilder("call ziptrace").setSpanKind(SpanKind.CLIENT).setNoParent().startSpan();
      Baggage baggage = Baggage.builder().put("user_id", "u-42").put("secret", "x").build();
      Context context = Context.root().with(clientSpan).with(baggage);
      HttpRequest.Builder request = HttpRequest.newBuilder(chain.middle.uri("/middle"));
      Map<String, String> sent = OtelPeer.inject(context, request);
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      clientSpan.end();
      assertThat(status).isEqualTo(200);

      SpanContext otelCaller = clientSpan.getSpanContext();
      String traceId = otelCaller.getTraceId();
      // What OpenTelemetry 1.63 itself sends: our tracestate, its random-trace-id flag, both baggage entries.
      assertThat(sent.get("traceparent")).isEqualTo("00-" + traceId + "-" + otelCaller.getSpanId() + "-03");
      assertThat(sent.get("tracestate")).isEqualTo(TRACE_STATE);
      assertThat(sent.get("baggage")).contains("user_id=u-42").contains("secret=x");

      // ziptrace read the declared field and nothing else.
      TraceContext middle = chain.onlyMiddleContext();
      assertThat(middle.traceIdString()).isEqualTo(traceId);
      assertThat(middle.baggage()).isEqualTo(Map.of("user_id", "u-42"));
      assertThat(middle.traceState()).isEqualTo(TRACE_STATE);
      assertThat(middle.randomTraceId()).isTrue();

      List<zipkin2.Span> trace = chain.awaitZiptraceSpans(traceId);
      zipkin2.Span serverSpan = only(trace, zipkin2.Span.Kind.SERVER);
      zipkin2.Span zipClientSpan = only(trace, zipkin2.Span.Kind.CLIENT);
      assertThat(trace).extracting(zipkin2.Span::traceId).containsOnly(traceId);
      // joined: ziptrace's server span shares the OpenTelemetry client's span id
      assertThat(serverSpan.id()).isEqualTo(otelCaller.getSpanId());
      assertThat(serverSpan.shared()).isTrue();
      assertThat(zipClientSpan.parentId()).isEqualTo(serverSpan.id());
      assertThat(zipClientSpan.localServiceName()).isEqualTo("ziptrace_middle");

      Arrival far = chain.onlyArrival();
      assertThat(far.parent().isValid()).isTrue();
      assertThat(far.parent().isRemote()).isTrue();
      assertThat(far.parent().getTraceId()).isEqualTo(traceId);
      assertThat(far.parent().getSpanId()).isEqualTo(zipClientSpan.id());
      assertThat(far.parent().getTraceFlags().isSampled()).isTrue();
      assertThat(far.parent().getTraceFlags().isTraceIdRandom()).isTrue();
      assertThat(far.header("traceparent")).containsExactly("00-" + traceId + "-" + zipClientSpan.id() + "-03");
      assertThat(far.header("tracestate")).containsExactly(TRACE_STATE);
      assertThat(entries(far.parent().getTraceState())).containsExactly("congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7");
      assertThat(far.baggage().asMap()).containsOnlyKeys("user_id");
      assertThat(far.baggage().getEntryValue("user_id")).isEqualTo("u-42");
      assertThat(String.join(",", far.header("baggage"))).doesNotContain("secret");

      // OpenTelemetry's server span continues from ziptrace's client span, with the caller's state.
      SpanData otelServerSpan = otelServer.onlyEnded(SpanKind.SERVER);
      assertThat(otelServerSpan.getTraceId()).isEqualTo(traceId);
      assertThat(otelServerSpan.getParentSpanId()).isEqualTo(zipClientSpan.id());
      assertThat(entries(otelServerSpan.getSpanContext().getTraceState()))
          .containsExactly("congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagations")
  void traceIdWithZeroLowerHalfIsKeptAndStored(String description, Propagation propagation) throws Exception {
    try (OtelPeer otelClient = OtelPeer.withZeroLowerHalfTraceIds("otel_client");
        OtelPeer otelServer = OtelPeer.create("otel_server");
        Chain chain = new Chain(propagation, otelServer)) {
      io.opentelemetry.api.trace.Span clientSpan =
          otelClient.tracer().spanBuilder("call ziptrace").setSpanKind(SpanKind.CLIENT).setNoParent().startSpan();
      HttpRequest.Builder request = HttpRequest.newBuilder(chain.middle.uri("/middle"));
      Map<String, String> sent = OtelPeer.inject(Context.root().with(clientSpan), request);
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      clientSpan.end();
      assertThat(status).isEqualTo(200);

      String traceId = clientSpan.getSpanContext().getTraceId();
      assertThat(traceId).hasSize(32).endsWith("0000000000000000").doesNotStartWith("0000000000000000");
      // OpenTelemetry does not call these ids random: sampled only
      assertThat(sent.get("traceparent")).isEqualTo("00-" + traceId + "-" + clientSpan.getSpanContext().getSpanId() + "-01");

      TraceContext middle = chain.onlyMiddleContext();
      assertThat(middle.traceIdString()).isEqualTo(traceId);
      assertThat(middle.traceId()).isZero();
      assertThat(middle.randomTraceId()).isFalse();

      Arrival far = chain.onlyArrival();
      assertThat(far.parent().getTraceId()).isEqualTo(traceId);
      assertThat(far.header("traceparent")).singleElement().asString().startsWith("00-" + traceId + "-").endsWith("-01");
      if (propagation instanceof CompositePropagation) {
        assertThat(far.header("x-b3-traceid")).containsExactly(traceId);
      }

      // Zipkin stores the spans under the whole id, and answers a query for it.
      List<zipkin2.Span> trace = chain.awaitZiptraceSpans(traceId);
      assertThat(trace).extracting(zipkin2.Span::traceId).containsOnly(traceId);
      zipkin2.Span zipClientSpan = only(trace, zipkin2.Span.Kind.CLIENT);
      assertThat(zipClientSpan.parentId()).isEqualTo(only(trace, zipkin2.Span.Kind.SERVER).id());
      assertThat(far.parent().getSpanId()).isEqualTo(zipClientSpan.id());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagations")
  void baggageValueThatNeedsPercentEncodingArrivesUnchanged(String description, Propagation propagation) throws Exception {
    String value = "Grüße, a b+c=d;e%/\"x\"";
    try (OtelPeer otelClient = OtelPeer.create("otel_client");
        OtelPeer otelServer = OtelPeer.create("otel_server");
        Chain chain = new Chain(propagation, otelServer)) {
      io.opentelemetry.api.trace.Span clientSpan =
          otelClient.tracer().spanBuilder("call ziptrace").setSpanKind(SpanKind.CLIENT).setNoParent().startSpan();
      Context context = Context.root().with(clientSpan).with(Baggage.builder().put("user_id", value).build());
      HttpRequest.Builder request = HttpRequest.newBuilder(chain.middle.uri("/middle"));
      Map<String, String> sent = OtelPeer.inject(context, request);
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      clientSpan.end();
      assertThat(status).isEqualTo(200);
      assertThat(sent.get("baggage")).startsWith("user_id=").doesNotContain(" ", ",", ";", "\"");

      assertThat(chain.onlyMiddleContext().baggage(USER_ID)).isEqualTo(value);
      Arrival far = chain.onlyArrival();
      assertThat(far.baggage().getEntryValue("user_id")).isEqualTo(value);
      chain.awaitZiptraceSpans(clientSpan.getSpanContext().getTraceId());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagations")
  void baggageWithoutTraceContextStaysWithTheTraceZiptraceStarts(String description, Propagation propagation)
      throws Exception {
    try (OtelPeer otelServer = OtelPeer.create("otel_server");
        Chain chain = new Chain(propagation, otelServer)) {
      // no span in the context: OpenTelemetry sends the baggage header alone
      Context context = Context.root().with(Baggage.builder().put("user_id", "u-42").put("secret", "x").build());
      HttpRequest.Builder request = HttpRequest.newBuilder(chain.middle.uri("/middle"));
      Map<String, String> sent = OtelPeer.inject(context, request);
      assertThat(sent).containsOnlyKeys("baggage");
      assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

      TraceContext middle = chain.onlyMiddleContext();
      assertThat(middle.parentIdString()).isNull();
      assertThat(middle.baggage()).isEqualTo(Map.of("user_id", "u-42"));
      assertThat(middle.traceState()).isNull();

      Arrival far = chain.onlyArrival();
      String paddedTraceId = middle.traceIdString().length() == 16 ? "0000000000000000" + middle.traceIdString()
          : middle.traceIdString();
      assertThat(far.parent().getTraceId()).isEqualTo(paddedTraceId);
      // a trace ziptrace starts does not claim the random-trace-id flag, which Level 1 readers refuse
      assertThat(far.parent().getTraceFlags().isTraceIdRandom()).isFalse();
      assertThat(far.parent().getTraceFlags().isSampled()).isTrue();
      assertThat(far.header("tracestate")).isEmpty();
      assertThat(far.baggage().asMap()).containsOnlyKeys("user_id");
      assertThat(far.baggage().getEntryValue("user_id")).isEqualTo("u-42");

      List<zipkin2.Span> trace = chain.awaitZiptraceSpans(middle.traceIdString());
      zipkin2.Span serverSpan = only(trace, zipkin2.Span.Kind.SERVER);
      assertThat(serverSpan.parentId()).isNull();
      assertThat(far.parent().getSpanId()).isEqualTo(only(trace, zipkin2.Span.Kind.CLIENT).id());
    }
  }

  static zipkin2.Span only(List<zipkin2.Span> trace, zipkin2.Span.Kind kind) {
    List<zipkin2.Span> ofKind = trace.stream().filter(s -> s.kind() == kind).toList();
    assertThat(ofKind).as("%s spans in %s", kind, trace).hasSize(1);
    return ofKind.get(0);
  }

  static List<String> entries(TraceState traceState) {
    List<String> entries = new ArrayList<>();
    traceState.forEach((key, value) -> entries.add(key + "=" + value));
    return entries;
  }

  /** What reached the OpenTelemetry server: its request headers and what its propagators read. */
  record Arrival(Map<String, List<String>> headers, SpanContext parent, Baggage baggage) {
    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  /**
   * The middle of the chain, a ziptrace JDK server reporting to Zipkin whose handler calls the
   * far end with ziptrace's JDK client; and the far end, a JDK server traced by OpenTelemetry.
   */
  final class Chain implements AutoCloseable {
    final AsyncReporter reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    final Tracer ziptrace;
    final TracedServers.Running middle = TracedServers.start();
    final TracedServers.Running far = TracedServers.start();
    final List<TraceContext> middleContexts = new CopyOnWriteArrayList<>();
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    Chain(Propagation propagation, OtelPeer otelServer) {
      ziptrace = Tracer.builder().localEndpoint(Endpoint.of("ziptrace_middle")).reporter(reporter)
          .baggageFields(USER_ID).build();
      far.context("/far", exchange -> {
        Context extracted = OtelPeer.extract(exchange.getRequestHeaders());
        io.opentelemetry.api.trace.Span span = otelServer.tracer().spanBuilder("GET /far").setParent(extracted)
            .setSpanKind(SpanKind.SERVER).startSpan();
        arrivals.add(new Arrival(copy(exchange), io.opentelemetry.api.trace.Span.fromContext(extracted).getSpanContext(),
            Baggage.fromContext(extracted)));
        span.end();
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      TracingHttpClient client = TracingHttpClient.create(http, HttpClientTracing.builder(ziptrace).propagation(propagation).build());
      middle.context("/middle", exchange -> {
        Span span = TracingFilter.span(exchange);
        middleContexts.add(span.context());
        int status;
        try {
          status = client.send(span.context(), HttpRequest.newBuilder(far.uri("/far")).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      }).getFilters().add(TracingFilter.create(HttpServerTracing.builder(ziptrace).propagation(propagation).build()));
    }

    TraceContext onlyMiddleContext() {
      assertThat(middleContexts).hasSize(1);
      return middleContexts.get(0);
    }

    Arrival onlyArrival() {
      assertThat(arrivals).hasSize(1);
      return arrivals.get(0);
    }

    /** Waits until Zipkin holds ziptrace's server and client spans of the trace, and returns the trace. */
    List<zipkin2.Span> awaitZiptraceSpans(String traceId) {
      // The server span ends just after the client has its response: wait until it is queued or sent.
      ZipkinServer.await(() -> reporter.metrics().queuedSpans() + reporter.metrics().spansSent(),
          accepted -> accepted == 2, "ziptrace's two spans");
      return zipkin.awaitTrace(traceId, 2);
    }

    @Override
    public void close() {
      middle.close();
      far.close();
      ziptrace.close();
    }

    private static Map<String, List<String>> copy(HttpExchange exchange) {
      Map<String, List<String>> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      return headers;
    }
  }
}
