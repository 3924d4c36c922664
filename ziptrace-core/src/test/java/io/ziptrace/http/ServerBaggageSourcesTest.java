package io.ziptrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.BaggageField;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.propagation.TraceparentPropagation;
import io.ziptrace.testing.InMemoryReporter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@link HttpServerTracing.Builder#acceptBaggageFrom}: which requests' baggage a server reads. */
class ServerBaggageSourcesTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("baggage-user-id").taggedAs("user.id");
  static final BaggageField TENANT = BaggageField.remote("tenant");
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN = "a2fb4a1d1a96d312";
  static final InetSocketAddress INTERNAL = new InetSocketAddress("10.0.0.9", 51234);
  static final InetSocketAddress EXTERNAL = new InetSocketAddress("203.0.113.7", 40000);

  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().reporter(reporter).baggageFields(USER_ID, TENANT).build();

  static HttpRequestInfo withB3AndBaggage(InetSocketAddress remote) {
    return TestRequests.from(remote, "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN, "X-B3-Sampled", "1",
        "baggage", "user_id=alice,tenant=acme");
  }

  /** Accepts baggage only from callers on the private network. */
  HttpServerTracing internalOnly() {
    return HttpServerTracing.builder(tracer)
        .acceptBaggageFrom(request -> request.remoteAddress().getAddress().isSiteLocalAddress()).build();
  }

  /**
   * Serves {@code request}: a child span and a client call from the server span's context, all
   * finished; returns the headers the call sent.
   */
  Map<String, String> serve(HttpServerTracing server, HttpRequestInfo request) {
    Span span = server.start(request);
    span.newChild("db query").start().finish();
    HttpClientTracing client = HttpClientTracing.create(tracer);
    HttpRequestInfo downstream = TestRequests.from(INTERNAL);
    Span call = client.start(span.context(), downstream);
    Map<String, String> sent = new LinkedHashMap<>();
    client.inject(call, sent, Map::put);
    client.finish(call, HttpResponseInfo.of(downstream, 200, null));
    server.finish(span, HttpResponseInfo.of(request, 200, null));
    return sent;
  }

  FinishedSpan serverSpan() {
    return reporter.spans().stream().filter(s -> s.kind() == io.ziptrace.Kind.SERVER).findFirst().orElseThrow();
  }

  @Test
  void byDefaultEveryRequestsBaggageIsRead() {
    Map<String, String> sent = serve(HttpServerTracing.create(tracer), withB3AndBaggage(EXTERNAL));

    assertThat(serverSpan().context().baggage()).containsEntry("user_id", "alice").containsEntry("tenant", "acme");
    assertThat(sent).containsEntry("baggage", "tenant=acme");
  }

  @Test
  void aRequestThePredicateAcceptsKeepsItsBaggage() {
    Map<String, String> sent = serve(internalOnly(), withB3AndBaggage(INTERNAL));

    FinishedSpan server = serverSpan();
    assertThat(server.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.context().spanIdString()).isEqualTo(CALLER_SPAN);
    assertThat(server.context().baggage(USER_ID)).isEqualTo("alice");
    assertThat(server.tag("user.id")).isEqualTo("alice");
    assertThat(reporter.spans()).hasSize(3).allSatisfy(s -> assertThat(s.context().baggage(USER_ID)).isEqualTo("alice"));
    assertThat(sent).containsEntry("baggage", "tenant=acme").containsEntry("baggage-user-id", "alice");
  }

  @Test
  void aRequestThePredicateRefusesJoinsTheTraceWithoutItsBaggage() {
    Map<String, String> sent = serve(internalOnly(), withB3AndBaggage(EXTERNAL));

    FinishedSpan server = serverSpan();
    assertThat(server.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.context().spanIdString()).isEqualTo(CALLER_SPAN);
    assertThat(server.context().shared()).isTrue();
    assertThat(server.tags()).doesNotContainKey("user.id");
    assertThat(reporter.spans()).hasSize(3).allSatisfy(s -> {
      assertThat(s.context().traceIdString()).isEqualTo(TRACE_ID);
      assertThat(s.context().baggage()).isEmpty();
    });
    assertThat(sent).doesNotContainKeys("baggage", "baggage-user-id").containsEntry("x-b3-traceid", TRACE_ID)
        .containsEntry("x-b3-sampled", "1");
    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  @Test
  void aRefusedRequestKeepsItsSamplingDecisionAndTracestate() {
    HttpServerTracing tracing = HttpServerTracing.builder(tracer)
        .propagation(CompositePropagation.of(TraceparentPropagation.create(), B3Propagation.multi()))
        .acceptBaggageFrom(request -> false).build();

    Span unsampled = tracing.start(TestRequests.from(EXTERNAL, "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-00",
        "tracestate", "congo=t61rcWkgMzE", "baggage", "user_id=alice", "baggage-user-id", "alice"));
    Span debug = tracing.start(TestRequests.from(EXTERNAL, "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN, "X-B3-Flags", "1",
        "baggage-user-id", "alice"));

    assertThat(unsampled.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(unsampled.context().isSampled()).isFalse();
    assertThat(unsampled.context().traceState()).isEqualTo("congo=t61rcWkgMzE");
    assertThat(unsampled.context().baggage()).isEmpty();
    assertThat(debug.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(debug.context().debug()).isTrue();
    assertThat(debug.context().baggage()).isEmpty();
  }

  @Test
  void thePredicateDecidesPerRequest() {
    HttpServerTracing tracing = internalOnly();

    assertThat(tracing.start(withB3AndBaggage(EXTERNAL)).context().baggage(USER_ID)).isNull();
    assertThat(tracing.start(withB3AndBaggage(INTERNAL)).context().baggage(USER_ID)).isEqualTo("alice");
    assertThat(tracing.start(withB3AndBaggage(EXTERNAL)).context().baggage(USER_ID)).isNull();
  }

  @Test
  void baggageWithoutIdsIsDroppedWhenRefused() {
    Map<String, String> sent = serve(internalOnly(), TestRequests.from(EXTERNAL, "baggage", "user_id=alice"));

    FinishedSpan server = serverSpan();
    assertThat(server.context().parentId()).isZero();
    assertThat(server.context().baggage()).isEmpty();
    assertThat(sent).doesNotContainKeys("baggage", "baggage-user-id").containsEntry("x-b3-traceid", server.context().traceIdString());
  }

  @Test
  void baggageWithoutIdsIsKeptWhenAccepted() {
    Map<String, String> sent = serve(internalOnly(), TestRequests.from(INTERNAL, "baggage", "user_id=alice"));

    assertThat(serverSpan().context().baggage(USER_ID)).isEqualTo("alice");
    assertThat(sent).containsEntry("baggage-user-id", "alice"); // B3 alone: not repeated in the baggage header
  }

  @Test
  void baggageWithOnlyASamplingDecisionIsDroppedAndTheDecisionKept() {
    HttpServerTracing tracing = internalOnly();

    Span unsampled = tracing.start(TestRequests.from(EXTERNAL, "X-B3-Sampled", "0", "baggage", "user_id=alice"));
    Span debug = tracing.start(TestRequests.from(EXTERNAL, "X-B3-Flags", "1", "baggage-user-id", "alice"));

    assertThat(unsampled.context().isSampled()).isFalse();
    assertThat(unsampled.context().baggage()).isEmpty();
    assertThat(debug.context().debug()).isTrue();
    assertThat(debug.context().baggage()).isEmpty();
  }

  @Test
  void aPredicateThatThrowsRefusesTheBaggageAndCountsMisuse() {
    HttpServerTracing tracing = HttpServerTracing.builder(tracer)
        .acceptBaggageFrom(request -> { throw new IllegalStateException("predicate bug"); }).build();

    Map<String, String> sent = serve(tracing, withB3AndBaggage(INTERNAL));
    Span withoutIds = tracing.start(TestRequests.from(INTERNAL, "baggage", "user_id=alice"));

    FinishedSpan server = serverSpan();
    assertThat(server.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.context().spanIdString()).isEqualTo(CALLER_SPAN);
    assertThat(server.context().baggage()).isEmpty();
    assertThat(sent).doesNotContainKey("baggage").containsEntry("x-b3-traceid", TRACE_ID);
    assertThat(withoutIds.isNoop()).isFalse();
    assertThat(withoutIds.context().baggage()).isEmpty();
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(2);
  }

  @Test
  void thePredicateIsAskedOnlyWhenTheRequestCarriedBaggage() {
    List<HttpRequestInfo> asked = new ArrayList<>();
    Predicate<HttpRequestInfo> recording = asked::add;
    HttpServerTracing tracing = HttpServerTracing.builder(tracer).acceptBaggageFrom(recording).build();
    HttpServerTracing skipping = HttpServerTracing.builder(tracer).skipPaths("/users").acceptBaggageFrom(recording).build();

    tracing.start(TestRequests.from(EXTERNAL));
    tracing.start(TestRequests.from(EXTERNAL, "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN));
    tracing.start(TestRequests.from(EXTERNAL, "X-B3-Sampled", "0"));
    tracing.start(TestRequests.from(EXTERNAL, "baggage", "secret=s3cr3t")); // undeclared: never read
    tracing.start(TestRequests.from(EXTERNAL, "baggage", "user_id=bad%zzencoding")); // malformed: dropped
    skipping.start(withB3AndBaggage(EXTERNAL)); // not traced
    assertThat(asked).isEmpty();

    HttpRequestInfo withBaggage = withB3AndBaggage(EXTERNAL);
    tracing.start(withBaggage);
    assertThat(asked).containsExactly(withBaggage);
  }

  @Test
  void aTracerWithoutRemoteFieldsNeverAsks() {
    List<HttpRequestInfo> asked = new ArrayList<>();
    Tracer plain = Tracer.builder().reporter(reporter).baggageFields(BaggageField.local("tenant")).build();
    HttpServerTracing tracing = HttpServerTracing.builder(plain).acceptBaggageFrom(asked::add).build();

    Span span = tracing.start(TestRequests.from(EXTERNAL, "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN,
        "baggage", "tenant=acme"));

    assertThat(span.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.context().baggage()).isEmpty();
    assertThat(asked).isEmpty();
  }
}
