package io.ziptrace.vertx;

import static io.ziptrace.vertx.VertxTracingTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpRequestInfo;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code HttpServerTracing.Builder.acceptBaggageFrom} given through {@link
 * VertxTracing.Builder#serverTracing}, with a real Vert.x server and WebClient on loopback: the
 * handler's context and the call it makes to an untraced server carry the caller's baggage only
 * when the predicate accepts the request (here: from loopback, as the peer address Vert.x gives
 * says, and with the header a gateway would set); the trace is joined either way.
 */
class ServerBaggageSourcesTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id");
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("edge")).reporter(spans).baggageFields(USER_ID).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.builder(tracer)
      .serverTracing(HttpServerTracing.builder(tracer).acceptBaggageFrom(ServerBaggageSourcesTest::internal).build())
      .build()).build();
  final WebClient client = WebClient.create(vertx);
  final LinkedBlockingQueue<TraceContext> seenByHandler = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<String> baggageSentDownstream = new LinkedBlockingQueue<>();
  int edgePort;

  /** From this machine, through the gateway: a resolved loopback peer and the gateway's header. */
  static boolean internal(HttpRequestInfo request) {
    return request.remoteAddress() != null && request.remoteAddress().getAddress().isLoopbackAddress()
        && "gateway".equals(request.header("x-internal-caller"));
  }

  @BeforeEach
  void start() throws Exception {
    Router back = Router.router(vertx);
    back.get("/users").handler(rc -> {
      String baggage = rc.request().getHeader("baggage");
      baggageSentDownstream.add(baggage == null ? "none" : baggage);
      rc.end("users");
    });
    int backPort = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
        .setTracingPolicy(TracingPolicy.IGNORE)).requestHandler(back).listen(0)).actualPort();
    Router edge = Router.router(vertx);
    edge.get("/page").handler(rc -> {
      seenByHandler.add(VertxTracing.span(rc).context());
      client.get(backPort, "127.0.0.1", "/users").send()
          .onSuccess(r -> rc.end("page with " + r.bodyAsString()))
          .onFailure(rc::fail);
    });
    edgePort = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(edge).listen(0))
        .actualPort();
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  /** Asks for {@code /page} with {@code caller}'s B3 ids and {@code user_id=alice}; returns the handler's context. */
  TraceContext callWithBaggage(String caller, boolean throughGateway) throws Exception {
    HttpRequest<Buffer> request = client.get(edgePort, "127.0.0.1", "/page")
        .putHeader("X-B3-TraceId", TRACE_ID).putHeader("X-B3-SpanId", caller).putHeader("X-B3-Sampled", "1")
        .putHeader("baggage", "user_id=alice");
    if (throughGateway) request.putHeader("x-internal-caller", "gateway");
    assertThat(await(request.send()).bodyAsString()).isEqualTo("page with users");
    return seenByHandler.poll(20, TimeUnit.SECONDS);
  }

  List<FinishedSpan> awaitSpans(int count) throws InterruptedException {
    return spans.awaitCount(count, Duration.ofSeconds(20));
  }

  @Test
  void anAcceptedRequestsBaggageReachesTheHandlerAndTheCallsItMakes() throws Exception {
    TraceContext seen = callWithBaggage("a2fb4a1d1a96d312", true);

    assertThat(seen.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(seen.spanIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(seen.baggage(USER_ID)).isEqualTo("alice");
    assertThat(baggageSentDownstream.poll(20, TimeUnit.SECONDS)).isEqualTo("user_id=alice");
    assertThat(awaitSpans(2)).hasSize(2).allSatisfy(span -> { // SERVER and CLIENT
      assertThat(span.context().traceIdString()).isEqualTo(TRACE_ID);
      assertThat(span.context().baggage(USER_ID)).isEqualTo("alice");
    });
    assertThat(tracer.ignoredMisuseCount()).isZero(); // the predicate did not throw on Vert.x's peer address
  }

  @Test
  void aRefusedRequestJoinsTheTraceButItsBaggageReachesNothing() throws Exception {
    TraceContext seen = callWithBaggage("a2fb4a1d1a96d313", false);

    assertThat(seen.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(seen.spanIdString()).isEqualTo("a2fb4a1d1a96d313");
    assertThat(seen.baggage()).isEmpty();
    assertThat(baggageSentDownstream.poll(20, TimeUnit.SECONDS)).isEqualTo("none");
    List<FinishedSpan> finished = awaitSpans(2);
    assertThat(finished).hasSize(2).allSatisfy(span -> {
      assertThat(span.context().traceIdString()).isEqualTo(TRACE_ID);
      assertThat(span.context().baggage()).isEmpty();
    });
    FinishedSpan server = finished.stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
    FinishedSpan call = finished.stream().filter(s -> s.kind() == Kind.CLIENT).findFirst().orElseThrow();
    assertThat(server.context().shared()).isTrue();
    assertThat(call.context().parentId()).isEqualTo(server.context().spanId());
  }
}
