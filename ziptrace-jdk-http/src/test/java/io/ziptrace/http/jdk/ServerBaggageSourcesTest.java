package io.ziptrace.http.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpRequestInfo;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.testing.InMemoryReporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code HttpServerTracing.Builder.acceptBaggageFrom} through {@link TracingFilter}, with a real
 * JDK server and client on loopback: the handler's context, its child and the CLIENT call it makes
 * to a second (untraced) server carry the caller's baggage only when the predicate accepts the
 * request; the trace is joined either way.
 */
class ServerBaggageSourcesTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id");
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN = "a2fb4a1d1a96d312";

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("edge")).reporter(spans).baggageFields(USER_ID).build();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final TracingHttpClient tracedHttp = TracingHttpClient.create(http, tracer);
  final LinkedBlockingQueue<TraceContext> seenByHandler = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<String> baggageSentDownstream = new LinkedBlockingQueue<>();
  LoopbackServer edge;
  LoopbackServer downstream;

  static boolean fromLoopback(HttpRequestInfo request) {
    return request.remoteAddress() != null && request.remoteAddress().getAddress().isLoopbackAddress();
  }

  @BeforeEach
  void start() throws Exception {
    downstream = new LoopbackServer(Executors.newFixedThreadPool(2));
    downstream.server.createContext("/", exchange -> {
      String baggage = exchange.getRequestHeaders().getFirst("baggage");
      baggageSentDownstream.add(baggage == null ? "none" : baggage);
      JdkHttpTracingTest.respond(exchange, 200);
    });
    downstream.server.start();
    edge = new LoopbackServer(Executors.newFixedThreadPool(4));
    HttpServer server = edge.server;
    // every request of this test comes from loopback: one context trusts it, the other does not
    route(server, "/trusting", HttpServerTracing.builder(tracer).acceptBaggageFrom(ServerBaggageSourcesTest::fromLoopback));
    route(server, "/refusing", HttpServerTracing.builder(tracer).acceptBaggageFrom(request -> !fromLoopback(request)));
    server.start();
  }

  private void route(HttpServer server, String path, HttpServerTracing.Builder tracing) {
    URI call = URI.create("http://127.0.0.1:" + downstream.server.getAddress().getPort() + "/users");
    server.createContext(path, exchange -> {
      Span span = TracingFilter.span(exchange);
      seenByHandler.add(span.context());
      span.newChild("db query").start().finish();
      try {
        tracedHttp.send(span.context(), HttpRequest.newBuilder(call).build(), HttpResponse.BodyHandlers.discarding());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      JdkHttpTracingTest.respond(exchange, 200);
    }).getFilters().add(TracingFilter.create(tracing.build()));
  }

  @AfterEach
  void stop() {
    edge.close();
    downstream.close();
  }

  /** Calls {@code path} with B3 ids and {@code user_id=alice}; returns the context the handler saw. */
  TraceContext callWithBaggage(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.server.getAddress().getPort() + path))
        .headers("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN, "X-B3-Sampled", "1", "baggage", "user_id=alice")
        .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    return seenByHandler.poll(10, TimeUnit.SECONDS);
  }

  List<FinishedSpan> awaitSpans() throws InterruptedException {
    return spans.awaitCount(3, Duration.ofSeconds(10)); // SERVER, its child, the CLIENT call
  }

  @Test
  void anAcceptedRequestsBaggageReachesTheHandlerItsSpansAndTheCallsItMakes() throws Exception {
    TraceContext seen = callWithBaggage("/trusting");

    assertThat(seen.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(seen.spanIdString()).isEqualTo(CALLER_SPAN);
    assertThat(seen.baggage(USER_ID)).isEqualTo("alice");
    assertThat(baggageSentDownstream.poll(10, TimeUnit.SECONDS)).isEqualTo("user_id=alice");
    assertThat(awaitSpans()).hasSize(3).allSatisfy(span -> {
      assertThat(span.context().traceIdString()).isEqualTo(TRACE_ID);
      assertThat(span.context().baggage(USER_ID)).isEqualTo("alice");
    });
  }

  @Test
  void aRefusedRequestJoinsTheTraceButItsBaggageReachesNothing() throws Exception {
    TraceContext seen = callWithBaggage("/refusing");

    assertThat(seen.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(seen.spanIdString()).isEqualTo(CALLER_SPAN);
    assertThat(seen.baggage()).isEmpty();
    assertThat(baggageSentDownstream.poll(10, TimeUnit.SECONDS)).isEqualTo("none");
    List<FinishedSpan> finished = awaitSpans();
    assertThat(finished).hasSize(3).allSatisfy(span -> {
      assertThat(span.context().traceIdString()).isEqualTo(TRACE_ID);
      assertThat(span.context().baggage()).isEmpty();
    });
    assertThat(finished).filteredOn(span -> span.kind() == Kind.SERVER).singleElement()
        .satisfies(span -> assertThat(span.context().shared()).isTrue());
  }
}
