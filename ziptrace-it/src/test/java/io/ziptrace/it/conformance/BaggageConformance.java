package io.ziptrace.it.conformance;

import static io.ziptrace.it.conformance.RelayOrder.TENANT;
import static io.ziptrace.it.conformance.RelayOrder.USER_ID;
import static io.ziptrace.it.conformance.RelayOrder.relay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpRequestInfo;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.it.conformance.RecordingServer.Received;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
import io.ziptrace.testing.InMemoryReporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "Baggage and tracestate" section of {@code conformance/http.md}: each adapter runs these
 * tests through its {@link RelayUnderTest}, a traced server whose handler calls an untraced
 * {@link RecordingServer} with the same adapter's traced client, both with W3C propagation. The
 * tracer declares the remote fields {@code user_id} (also sent in its own header {@code
 * baggage-user-id}) and {@code tenant}.
 */
abstract class BaggageConformance {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER = "00f067aa0ba902b7";
  static final String SAMPLED = "00-" + TRACE + "-" + CALLER + "-01";
  static final String UNSAMPLED = "00-" + TRACE + "-" + CALLER + "-00";

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("relay")).reporter(spans)
      .baggageFields(USER_ID, TENANT).build();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
  RecordingServer downstream;
  RelayUnderTest relay;
  int port;

  /** A new, not yet started relay of the adapter under test. */
  abstract RelayUnderTest newRelay();

  @BeforeEach
  void startDownstream() throws Exception {
    downstream = new RecordingServer();
  }

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try {
      SpanInvariants.check(spans.spans(), false);
    } finally {
      try {
        if (relay != null) relay.close();
      } finally {
        downstream.close();
      }
    }
  }

  void start(HttpServerTracing.Builder server, HttpClientTracing.Builder client, Propagation propagation) throws Exception {
    relay = newRelay();
    port = relay.start(server.propagation(propagation).build(), client.propagation(propagation).build());
  }

  void start(HttpClientTracing.Builder client, Propagation propagation) throws Exception {
    start(HttpServerTracing.builder(tracer), client, propagation);
  }

  void start(HttpClientTracing.Builder client) throws Exception {
    start(client, TraceparentPropagation.create());
  }

  /** Starts the relay with its server's baggage read only from the requests {@code sources} accepts. */
  void startAcceptingBaggageFrom(Predicate<HttpRequestInfo> sources) throws Exception {
    start(HttpServerTracing.builder(tracer).acceptBaggageFrom(sources), HttpClientTracing.builder(tracer),
        TraceparentPropagation.create());
  }

  void start() throws Exception {
    start(HttpClientTracing.builder(tracer));
  }

  /** Asks the relay for {@code order} with the given request headers; returns its answer. */
  String ask(RelayOrder order, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + order.pathAndQuery()))
        .timeout(WAIT);
    if (headers.length > 0) request.headers(headers);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("the relay's answer: %s", response.body()).isEqualTo(200);
    return response.body();
  }

  /** The relay's SERVER span, once reported. */
  FinishedSpan serverSpan() throws InterruptedException {
    List<FinishedSpan> finished = spans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.SERVER), WAIT);
    return finished.stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
  }

  /** The relay's CLIENT span, once reported. */
  FinishedSpan clientSpan() throws InterruptedException {
    List<FinishedSpan> finished = spans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.CLIENT), WAIT);
    return finished.stream().filter(s -> s.kind() == Kind.CLIENT).findFirst().orElseThrow();
  }

  /** Whether {@code request} comes from this machine: every request of these tests does. */
  static boolean fromLoopback(HttpRequestInfo request) {
    return request.remoteAddress() != null && request.remoteAddress().getAddress().isLoopbackAddress();
  }

  /** The members of every {@code baggage} header the request carried, key to value. */
  static Map<String, String> baggage(Received received) {
    Map<String, String> members = new LinkedHashMap<>();
    for (String header : received.headers("baggage")) {
      for (String member : header.split(",")) {
        String keyValue = member.split(";", 2)[0]; // properties, if any, are not compared
        int equals = keyValue.indexOf('=');
        members.put(keyValue.substring(0, equals).strip(), keyValue.substring(equals + 1).strip());
      }
    }
    return members;
  }

  /** The trace id of the request's {@code traceparent}. */
  static String traceId(Received received) {
    assertThat(received.headers("traceparent")).hasSize(1);
    return received.header("traceparent").substring(3, 35);
  }

  /**
   * Asks for one call with {@code traceparent} and {@code user_id=alice}; checks that the handler
   * saw the value and the call carried it, and returns the call.
   */
  Received relayAlice(String traceparent) throws Exception {
    start();
    String seen = ask(relay().call(downstream.url("/users")), "traceparent", traceparent, "baggage", "user_id=alice");

    assertThat(seen).isEqualTo("alice");
    Received call = downstream.take(WAIT);
    assertThat(baggage(call)).containsExactly(entry("user_id", "alice"));
    return call;
  }

  @Test
  void aDeclaredFieldIsVisibleToTheHandlerAndSentOnBySampledCalls() throws Exception {
    Received call = relayAlice(SAMPLED);

    assertThat(call.headers("baggage-user-id")).containsExactly("alice");
    assertThat(traceId(call)).isEqualTo(TRACE);
    assertThat(serverSpan().context().baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void aDeclaredFieldIsVisibleToTheHandlerAndSentOnByUnsampledCalls() throws Exception {
    Received call = relayAlice(UNSAMPLED);

    assertThat(call.headers("baggage-user-id")).containsExactly("alice");
    assertThat(call.header("traceparent")).startsWith("00-" + TRACE + "-").endsWith("-00");
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aFieldsOwnHeaderIsReadToo() throws Exception {
    start();
    String seen = ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED, "baggage-user-id", "alice");

    assertThat(seen).isEqualTo("alice");
    assertThat(baggage(downstream.take(WAIT))).containsExactly(entry("user_id", "alice"));
  }

  @Test
  void aFieldTheHandlerSetsIsSentByItsCalls() throws Exception {
    start();
    ask(relay().settingTenant("acme").call(downstream.url("/users")), "traceparent", SAMPLED, "baggage", "user_id=alice");

    Received call = downstream.take(WAIT);
    assertThat(baggage(call)).containsOnly(entry("user_id", "alice"), entry("tenant", "acme"));
    assertThat(traceId(call)).isEqualTo(TRACE);
  }

  @Test
  void anUndeclaredKeyArrivingIsNotSentOn() throws Exception {
    start();
    String seen = ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED,
        "baggage", "user_id=alice,secret=s3cr3t", "baggage", "cart=42", "baggage-secret", "s3cr3t");

    assertThat(seen).isEqualTo("alice");
    Received call = downstream.take(WAIT);
    assertThat(baggage(call)).containsExactly(entry("user_id", "alice"));
    assertThat(call.headers()).doesNotContainKey("baggage-secret");
  }

  @Test
  void baggageArrivingWithoutATraceContextStartsTheNewTraceWithIt() throws Exception {
    start();
    String seen = ask(relay().call(downstream.url("/users")), "baggage", "user_id=alice");

    assertThat(seen).isEqualTo("alice");
    FinishedSpan server = serverSpan();
    assertThat(server.context().parentId()).isZero();
    assertThat(server.context().shared()).isFalse();
    assertThat(server.context().baggage(USER_ID)).isEqualTo("alice");
    Received call = downstream.take(WAIT);
    assertThat(baggage(call)).containsExactly(entry("user_id", "alice"));
    assertThat(traceId(call)).endsWith(server.context().traceIdString());
  }

  @Test
  void tracestateArrivingWithAValidTraceparentIsSentOnUnchangedByEveryCall() throws Exception {
    start();
    ask(relay().call(downstream.url("/users")).call(downstream.url("/orders")), "traceparent", SAMPLED,
        "tracestate", "rojo=00f067aa0ba902b7", "tracestate", "congo=t61rcWkgMzE");

    for (String path : List.of("/users", "/orders")) {
      Received call = downstream.take(WAIT);
      assertThat(call.rawPathAndQuery()).isEqualTo(path);
      assertThat(traceId(call)).isEqualTo(TRACE);
      assertThat(call.headers("tracestate")).containsExactly("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    }
  }

  @Test
  void tracestateArrivingWithATraceparentBesideB3IsSentOnByAB3FirstComposite() throws Exception {
    start(HttpClientTracing.builder(tracer),
        CompositePropagation.of(B3Propagation.multi(), TraceparentPropagation.create()));
    // as an OpenTelemetry client configured with both B3 and W3C sends them: the same span in each
    ask(relay().call(downstream.url("/users")), "X-B3-TraceId", TRACE, "X-B3-SpanId", CALLER, "X-B3-Sampled", "1",
        "traceparent", SAMPLED, "tracestate", "rojo=00f067aa0ba902b7", "tracestate", "congo=t61rcWkgMzE");

    Received call = downstream.take(WAIT);
    assertThat(traceId(call)).isEqualTo(TRACE);
    assertThat(call.header("x-b3-traceid")).isEqualTo(TRACE);
    assertThat(call.header("traceparent")).contains("-" + call.header("x-b3-spanid") + "-");
    assertThat(call.headers("tracestate")).containsExactly("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  }

  @Test
  void tracestateIsDroppedWithATraceparentNamingAnotherSpanThanB3() throws Exception {
    start(HttpClientTracing.builder(tracer),
        CompositePropagation.of(B3Propagation.multi(), TraceparentPropagation.create()));
    ask(relay().call(downstream.url("/users")), "X-B3-TraceId", TRACE, "X-B3-SpanId", "b7ad6b7169203331",
        "X-B3-Sampled", "1", "traceparent", SAMPLED, "tracestate", "rojo=00f067aa0ba902b7");

    Received call = downstream.take(WAIT);
    assertThat(traceId(call)).isEqualTo(TRACE);
    assertThat(serverSpan().context().spanIdString()).isEqualTo("b7ad6b7169203331"); // joined B3's span
    assertThat(call.headers()).doesNotContainKey("tracestate");
  }

  @Test
  void tracestateIsDroppedWithAMalformedTraceparent() throws Exception {
    start();
    ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED.toUpperCase(), "tracestate", "rojo=00f067aa0ba902b7");

    Received call = downstream.take(WAIT);
    assertThat(traceId(call)).isNotEqualTo(TRACE);
    assertThat(call.headers()).doesNotContainKey("tracestate");
  }

  @Test
  void tracestateIsDroppedWithATraceparentSentTwice() throws Exception {
    start();
    ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED, "traceparent", SAMPLED,
        "tracestate", "rojo=00f067aa0ba902b7");

    Received call = downstream.take(WAIT);
    assertThat(traceId(call)).isNotEqualTo(TRACE);
    assertThat(call.headers()).doesNotContainKey("tracestate");
  }

  @Test
  void aCallToADestinationTheSettingsMarkUntrustedCarriesNoBaggage() throws Exception {
    start(HttpClientTracing.builder(tracer).sendBaggageTo(request -> !request.path().startsWith("/partner")));
    ask(relay().call(downstream.url("/users")).call(downstream.url("/partner/quotes")), "traceparent", SAMPLED,
        "baggage", "user_id=alice");

    Received trusted = downstream.take(WAIT);
    Received untrusted = downstream.take(WAIT);
    assertThat(trusted.rawPathAndQuery()).isEqualTo("/users");
    assertThat(baggage(trusted)).containsExactly(entry("user_id", "alice"));
    assertThat(untrusted.rawPathAndQuery()).isEqualTo("/partner/quotes");
    assertThat(untrusted.headers()).doesNotContainKeys("baggage", "baggage-user-id");
    assertThat(traceId(untrusted)).isEqualTo(TRACE);
  }

  @Test
  void aCallMadeWithTheContextWithoutBaggageCarriesNone() throws Exception {
    start();
    ask(relay().call(downstream.url("/users")).callPrivately(downstream.url("/partner/quotes")), "traceparent", SAMPLED,
        "baggage", "user_id=alice");

    Received trusted = downstream.take(WAIT);
    Received untrusted = downstream.take(WAIT);
    assertThat(baggage(trusted)).containsExactly(entry("user_id", "alice"));
    assertThat(untrusted.rawPathAndQuery()).isEqualTo("/partner/quotes");
    assertThat(untrusted.headers()).doesNotContainKeys("baggage", "baggage-user-id");
    assertThat(traceId(untrusted)).isEqualTo(TRACE);
  }

  @Test
  void baggageFromACallerTheServerSettingsAcceptIsSeenAndSentOn() throws Exception {
    startAcceptingBaggageFrom(BaggageConformance::fromLoopback);
    String seen = ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED, "baggage", "user_id=alice");

    assertThat(seen).isEqualTo("alice");
    Received call = downstream.take(WAIT);
    assertThat(baggage(call)).containsExactly(entry("user_id", "alice"));
    assertThat(call.headers("baggage-user-id")).containsExactly("alice");
    assertThat(traceId(call)).isEqualTo(TRACE);
    FinishedSpan server = serverSpan();
    assertThat(server.context().traceIdString()).isEqualTo(TRACE);
    assertThat(server.context().spanIdString()).isEqualTo(CALLER);
    assertThat(server.context().baggage(USER_ID)).isEqualTo("alice");
    assertThat(clientSpan().context().baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void baggageFromACallerTheServerSettingsRefuseIsNeitherSeenNorSentOnButTheTraceIsJoined() throws Exception {
    startAcceptingBaggageFrom(request -> !fromLoopback(request)); // refuses every caller here
    String seen = ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED,
        "baggage", "user_id=alice,tenant=acme", "baggage-user-id", "alice");

    assertThat(seen).isEqualTo(RelayOrder.NONE);
    Received call = downstream.take(WAIT);
    assertThat(call.headers()).doesNotContainKeys("baggage", "baggage-user-id");
    assertThat(traceId(call)).isEqualTo(TRACE);
    assertThat(call.header("traceparent")).endsWith("-01");
    FinishedSpan server = serverSpan();
    assertThat(server.context().traceIdString()).isEqualTo(TRACE);
    assertThat(server.context().spanIdString()).isEqualTo(CALLER);
    assertThat(server.context().shared()).isTrue();
    assertThat(server.context().baggage()).isEmpty();
    FinishedSpan client = clientSpan();
    assertThat(client.context().parentId()).isEqualTo(server.context().spanId());
    assertThat(client.context().baggage()).isEmpty();
  }

  @Test
  void aHeaderTheServerSettingsTrustDecidesPerRequest() throws Exception {
    startAcceptingBaggageFrom(request -> "gateway".equals(request.header("x-internal-caller")));
    String refused = ask(relay().call(downstream.url("/public")), "traceparent", SAMPLED, "baggage", "user_id=mallory");
    String accepted = ask(relay().call(downstream.url("/internal")), "traceparent", "00-" + TRACE + "-00f067aa0ba902b8-01",
        "baggage", "user_id=alice", "x-internal-caller", "gateway");

    assertThat(refused).isEqualTo(RelayOrder.NONE);
    assertThat(accepted).isEqualTo("alice");
    Received first = downstream.take(WAIT);
    Received second = downstream.take(WAIT);
    assertThat(first.rawPathAndQuery()).isEqualTo("/public");
    assertThat(first.headers()).doesNotContainKeys("baggage", "baggage-user-id");
    assertThat(traceId(first)).isEqualTo(TRACE);
    assertThat(second.rawPathAndQuery()).isEqualTo("/internal");
    assertThat(baggage(second)).containsExactly(entry("user_id", "alice"));
    assertThat(traceId(second)).isEqualTo(TRACE);
  }

  @Test
  void baggageWithoutATraceContextFromACallerTheServerSettingsRefuseIsDropped() throws Exception {
    startAcceptingBaggageFrom(request -> !fromLoopback(request));
    String seen = ask(relay().call(downstream.url("/users")), "baggage", "user_id=alice");

    assertThat(seen).isEqualTo(RelayOrder.NONE);
    FinishedSpan server = serverSpan();
    assertThat(server.context().parentId()).isZero();
    assertThat(server.context().baggage()).isEmpty();
    Received call = downstream.take(WAIT);
    assertThat(call.headers()).doesNotContainKeys("baggage", "baggage-user-id");
    assertThat(traceId(call)).endsWith(server.context().traceIdString());
  }

  @Test
  void aServerBaggagePredicateThatThrowsRefusesTheBaggageAndTheRequestIsServed() throws Exception {
    startAcceptingBaggageFrom(request -> { throw new IllegalStateException("predicate bug"); });
    String seen = ask(relay().call(downstream.url("/users")), "traceparent", SAMPLED, "baggage", "user_id=alice");

    assertThat(seen).isEqualTo(RelayOrder.NONE);
    Received call = downstream.take(WAIT);
    assertThat(call.headers()).doesNotContainKeys("baggage", "baggage-user-id");
    assertThat(traceId(call)).isEqualTo(TRACE);
    assertThat(serverSpan().context().spanIdString()).isEqualTo(CALLER);
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(1);
  }
}
