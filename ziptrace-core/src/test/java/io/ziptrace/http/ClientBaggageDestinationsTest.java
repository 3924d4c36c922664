package io.ziptrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.BaggageField;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@link HttpClientTracing.Builder#sendBaggageTo}: which destinations a client call sends baggage to. */
class ClientBaggageDestinationsTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id").taggedAs("user.id");

  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().reporter(reporter).baggageFields(USER_ID).build();
  final TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "alice");

  /** An outgoing request to {@code host}. */
  static HttpRequestInfo to(String host) {
    return TestRequests.from(InetSocketAddress.createUnresolved(host, 443));
  }

  /** The headers a call to {@code host} sends, the span finished. */
  Map<String, String> call(HttpClientTracing tracing, TraceContext parent, String host) {
    HttpRequestInfo request = to(host);
    Span span = tracing.start(parent, request);
    Map<String, String> headers = new LinkedHashMap<>();
    tracing.inject(span, headers, Map::put);
    tracing.finish(span, HttpResponseInfo.of(request, 200, null));
    return headers;
  }

  static HttpClientTracing internalOnly(Tracer tracer) {
    return HttpClientTracing.builder(tracer)
        .sendBaggageTo(request -> request.remoteAddress().getHostString().endsWith(".internal")).build();
  }

  @Test
  void byDefaultEveryDestinationGetsTheBaggage() {
    Map<String, String> headers = call(HttpClientTracing.create(tracer), parent, "api.partner.example");

    assertThat(headers).containsEntry("baggage", "user_id=alice");
  }

  @Test
  void aDestinationThePredicateAcceptsGetsTheBaggage() {
    Map<String, String> headers = call(internalOnly(tracer), parent, "users.internal");

    assertThat(headers).containsEntry("baggage", "user_id=alice");
    assertThat(reporter.spans()).singleElement().satisfies(span -> assertThat(span.tag("user.id")).isEqualTo("alice"));
  }

  @Test
  void aDestinationThePredicateRefusesGetsTheTraceButNoBaggage() {
    Map<String, String> headers = call(internalOnly(tracer), parent, "api.partner.example");

    assertThat(headers).doesNotContainKey("baggage").containsEntry("x-b3-traceid", parent.traceIdString())
        .containsEntry("x-b3-parentspanid", parent.spanIdString());
    FinishedSpan span = reporter.spans().get(0);
    assertThat(span.context().baggage()).isEmpty();
    assertThat(span.tags()).doesNotContainKey("user.id");
    assertThat(parent.baggage(USER_ID)).isEqualTo("alice"); // the caller's context is unchanged
  }

  @Test
  void thePredicateDecidesPerRequest() {
    HttpClientTracing tracing = internalOnly(tracer);

    assertThat(call(tracing, parent, "api.partner.example")).doesNotContainKey("baggage");
    assertThat(call(tracing, parent, "users.internal")).containsEntry("baggage", "user_id=alice");
    assertThat(call(tracing, parent, "api.partner.example")).doesNotContainKey("baggage");
  }

  @Test
  void aPredicateThatThrowsSendsNoBaggageAndCountsMisuse() {
    HttpClientTracing tracing = HttpClientTracing.builder(tracer)
        .sendBaggageTo(request -> { throw new IllegalStateException("predicate bug"); }).build();

    Map<String, String> headers = call(tracing, parent, "users.internal");

    assertThat(headers).doesNotContainKey("baggage").containsEntry("x-b3-traceid", parent.traceIdString());
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(1);
    assertThat(reporter.spans()).hasSize(1);
  }

  @Test
  void thePredicateIsAskedOnlyWhenThereIsBaggageToSend() {
    List<HttpRequestInfo> asked = new ArrayList<>();
    Predicate<HttpRequestInfo> recording = request -> asked.add(request);
    HttpClientTracing tracing = HttpClientTracing.builder(tracer).sendBaggageTo(recording).build();

    call(tracing, null, "users.internal");
    call(tracing, parent.withoutBaggage(), "users.internal");
    assertThat(asked).isEmpty();

    call(tracing, parent, "users.internal");
    assertThat(asked).singleElement().extracting(r -> r.remoteAddress().getHostString()).isEqualTo("users.internal");
  }

  @Test
  void noPropagationSendsNoBaggageEither() {
    HttpClientTracing tracing = HttpClientTracing.builder(tracer).noPropagation().build();

    assertThat(call(tracing, parent, "api.partner.example")).isEmpty();
  }

  @Test
  void withoutBaggageKeepsOneCallFromSendingIt() {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);

    Map<String, String> headers = call(tracing, parent.withoutBaggage(), "api.partner.example");

    assertThat(headers).doesNotContainKey("baggage").containsEntry("x-b3-traceid", parent.traceIdString());
    assertThat(call(tracing, parent, "api.partner.example")).containsEntry("baggage", "user_id=alice");
  }
}
