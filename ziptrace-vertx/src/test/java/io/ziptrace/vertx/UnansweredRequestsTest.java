package io.ziptrace.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests a real Vert.x server or event-bus consumer never answers, over loopback: their spans
 * keep their route, and end at the response timeout, or when the connection closes.
 */
class UnansweredRequestsTest {
  static final Duration TIMEOUT = Duration.ofMillis(300);
  static final long TIMEOUT_MICROS = TIMEOUT.toNanos() / 1_000;
  /** Generous: a loaded build machine may fire a timer late, never early. */
  static final long LATE_MICROS = 5_000_000;

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-app")).reporter(spans).build();
  Vertx vertx;
  VertxTracing tracing;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  void start(Duration responseTimeout) {
    tracing = VertxTracing.builder(tracer).responseTimeout(responseTimeout).build();
    vertx = Vertx.builder().withTracer(tracing).build();
  }

  /** Serves {@code GET /users/:id} with {@code handler}, routes recorded; returns the port. */
  int serve(io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> handler) throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.get("/users/:id").handler(handler);
    return await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(router).listen(0))
        .actualPort();
  }

  /** Sends {@code GET /users/42}, giving up after {@code clientTimeoutMillis}; returns the outcome. */
  Future<?> get(int port, long clientTimeoutMillis) {
    return WebClient.create(vertx).get(port, "127.0.0.1", "/users/42").timeout(clientTimeoutMillis).send();
  }

  FinishedSpan awaitOnly(Kind kind) throws InterruptedException {
    List<FinishedSpan> finished = spans.awaitCount(1, Duration.ofSeconds(20));
    assertThat(finished).filteredOn(s -> s.kind() == kind).hasSize(1);
    return finished.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
  }

  static void assertRouteKept(FinishedSpan server) {
    assertThat(server.name()).isEqualTo("GET /users/:id");
    assertThat(server.tags()).containsEntry(Tags.HTTP_ROUTE, "/users/:id").containsEntry(Tags.HTTP_PATH, "/users/42");
  }

  @Test
  void aHangingHandlerKeepsItsRouteAndEndsAtTheResponseTimeout() throws Exception {
    start(TIMEOUT);
    int port = serve(rc -> {});

    get(port, 20_000);

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertRouteKept(server);
    assertThat(server.tag(Tags.ERROR)).isEqualTo("response not completed within 300 ms");
    assertThat(server.duration()).isBetween(TIMEOUT_MICROS, TIMEOUT_MICROS + LATE_MICROS);
    assertThat(tracing.timedOutResponses()).isEqualTo(1);
  }

  @Test
  void aHangingHandlerOfASubRouterKeepsItsRouteUnderTheMountPoint() throws Exception {
    start(TIMEOUT);
    Router api = Router.router(vertx);
    api.route().handler(VertxTracing.routes());
    api.get("/users/:id").handler(rc -> {});
    Router root = Router.router(vertx);
    root.route().handler(VertxTracing.routes());
    root.route("/api/*").subRouter(api);
    int port = await(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1")).actualPort();

    WebClient.create(vertx).get(port, "127.0.0.1", "/api/users/42").timeout(20_000).send();

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertThat(server.name()).isEqualTo("GET /api/users/:id");
    assertThat(server.tags()).containsEntry(Tags.HTTP_ROUTE, "/api/users/:id")
        .containsEntry(Tags.ERROR, "response not completed within 300 ms");
  }

  @Test
  void aTimerCallbackThatThrowsKeepsTheRoute() throws Exception {
    start(TIMEOUT);
    int port = serve(rc -> rc.vertx().setTimer(1, ignored -> {
      throw new IllegalStateException("the callback that should respond failed");
    }));

    get(port, 20_000);

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertRouteKept(server);
    assertThat(server.tag(Tags.ERROR)).isEqualTo("response not completed within 300 ms");
    assertThat(server.duration()).isBetween(TIMEOUT_MICROS, TIMEOUT_MICROS + LATE_MICROS);
  }

  @Test
  void aFailureWithAFailureHandlerOnItsRouteKeepsTheRoute() throws Exception {
    start(TIMEOUT);
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.get("/users/:id")
        .handler(rc -> rc.fail(503, new IllegalStateException("overloaded")))
        .failureHandler(rc -> rc.response().setStatusCode(rc.statusCode()).end());
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();

    await(get(port, 20_000));

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertRouteKept(server);
    assertThat(server.tags()).containsEntry(Tags.HTTP_STATUS_CODE, "503").containsEntry(Tags.ERROR, "overloaded");
  }

  /**
   * The one case still named after the method alone: Vert.x Web forgets the route as soon as a
   * handler fails, before anything the tracer runs sees the request again, and with no failure
   * handler on the route nothing brings it back.
   */
  @Test
  void aHandlerThatThrowsWithoutAFailureHandlerLosesTheRouteButNotTheError() throws Exception {
    start(TIMEOUT);
    int port = serve(rc -> {
      throw new IllegalStateException("not ready");
    });

    await(get(port, 20_000));

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertThat(server.name()).isEqualTo("GET");
    assertThat(server.tags()).doesNotContainKey(Tags.HTTP_ROUTE)
        .containsEntry(Tags.HTTP_STATUS_CODE, "500").containsEntry(Tags.ERROR, "not ready");
  }

  @Test
  void aConnectionTheClientClosesKeepsTheRoute() throws Exception {
    start(Duration.ofMinutes(5));
    int port = serve(rc -> {});

    Throwable failure = await(get(port, 200).map((Throwable) null).recover(Future::succeededFuture));

    assertThat(failure).isNotNull();
    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertRouteKept(server);
    assertThat(server.tag(Tags.ERROR)).isEqualTo("Connection was closed");
    assertThat(server.tags()).doesNotContainKey(Tags.HTTP_STATUS_CODE); // no response was sent
    assertThat(tracing.timedOutResponses()).isZero();
  }

  @Test
  void anHttp2StreamTheClientResetsIsAnErrorNotASuccess() throws Exception {
    start(Duration.ZERO); // only the client's giving up ends the span
    int port = serve(rc -> {});
    WebClient h2 = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));

    Throwable failure = await(h2.get(port, "127.0.0.1", "/users/42").timeout(200).send()
        .map((Throwable) null).recover(Future::succeededFuture));

    assertThat(failure).isNotNull();
    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertRouteKept(server);
    assertThat(server.tags()).doesNotContainKey(Tags.HTTP_STATUS_CODE); // no response was sent
    assertThat(server.tag(Tags.ERROR)).isEqualTo("the client gave up before the response was sent");
  }

  /** Sends a gRPC-looking POST to {@code /users/42} over HTTP/2 with {@code grpc-timeout}, answered by nobody. */
  void grpcCall(int port, String grpcTimeout) {
    WebClient h2 = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    h2.post(port, "127.0.0.1", "/users/42").putHeader("content-type", "application/grpc")
        .putHeader("grpc-timeout", grpcTimeout).timeout(20_000).send();
  }

  @Test
  void aGrpcCallWhoseDeadlineIsLongerThanTheTimeoutIsAllowedItsDeadline() throws Exception {
    start(TIMEOUT);
    int port = await(vertx.createHttpServer().requestHandler(request -> {}).listen(0, "127.0.0.1")).actualPort();

    grpcCall(port, "1200m");

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertThat(server.name()).isEqualTo("users/42");
    assertThat(server.tag(Tags.ERROR)).isEqualTo("response not completed within 1.2 s");
    assertThat(server.duration()).isBetween(1_200_000L, 1_200_000L + LATE_MICROS);
    assertThat(tracing.timedOutResponses()).isEqualTo(1);
  }

  @Test
  void aGrpcCallWhoseDeadlineIsShorterThanTheTimeoutEndsAtTheTimeout() throws Exception {
    start(TIMEOUT);
    int port = await(vertx.createHttpServer().requestHandler(request -> {}).listen(0, "127.0.0.1")).actualPort();

    grpcCall(port, "5m");

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertThat(server.tag(Tags.ERROR)).isEqualTo("response not completed within 300 ms");
    assertThat(server.duration()).isBetween(TIMEOUT_MICROS, TIMEOUT_MICROS + LATE_MICROS);
  }

  @Test
  void anUnsampledRequestGetsNoTimer() throws Exception {
    Tracer unsampled = Tracer.builder().sampler(io.ziptrace.sampling.Sampler.NEVER).reporter(spans).build();
    tracing = VertxTracing.builder(unsampled).responseTimeout(TIMEOUT).build();
    vertx = Vertx.builder().withTracer(tracing).build();
    int port = serve(rc -> {});

    // The client gives up well after the timeout would have fired.
    await(get(port, 4 * TIMEOUT.toMillis()).map((Throwable) null).recover(Future::succeededFuture));

    assertThat(tracing.timedOutResponses()).isZero();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void withTheTimeoutOffTheSpanEndsWhenTheConnectionCloses() throws Exception {
    start(Duration.ZERO);
    int port = serve(rc -> {});

    await(get(port, 600).map((Throwable) null).recover(Future::succeededFuture));

    FinishedSpan server = awaitOnly(Kind.SERVER);
    assertRouteKept(server);
    assertThat(server.tag(Tags.ERROR)).isEqualTo("Connection was closed");
    assertThat(server.duration()).isGreaterThan(500_000); // the client gives up 600 ms after it sent
    assertThat(tracing.timedOutResponses()).isZero();
  }

  @Test
  void aNegativeOrSubMillisecondTimeoutIsRefusedAtOnce() {
    VertxTracing.Builder builder = VertxTracing.builder(tracer);
    assertThatThrownBy(() -> builder.responseTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("responseTimeout must be zero (off) or at least 1 ms");
    assertThatThrownBy(() -> builder.responseTimeout(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("responseTimeout must be zero (off) or at least 1 ms: PT0.000000001S");
    assertThat(builder.responseTimeout(Duration.ofMillis(1))).isSameAs(builder);
    assertThatThrownBy(() -> builder.responseTimeout(null)).isInstanceOf(NullPointerException.class);
  }

  /** Requests {@code address} from a traced context, the sender giving up after 200 ms; returns the failure. */
  Throwable requestFromATrace(String address) throws Exception {
    io.ziptrace.TraceContext parent = tracer.newTrace(true).context();
    return await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus()
            .request(address, "ping", new DeliveryOptions().setSendTimeout(200)))
        .map((Throwable) null).recover(Future::succeededFuture));
  }

  List<FinishedSpan> awaitProducerAndConsumer() throws InterruptedException {
    List<FinishedSpan> finished = spans.awaitCount(2, Duration.ofSeconds(20));
    assertThat(finished).extracting(FinishedSpan::kind).containsExactlyInAnyOrder(Kind.PRODUCER, Kind.CONSUMER);
    return finished;
  }

  static FinishedSpan kind(List<FinishedSpan> finished, Kind kind) {
    return finished.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
  }

  @Test
  void aConsumerThatNeverRepliesHasItsConsumerSpanEndedAtTheResponseTimeout() throws Exception {
    start(TIMEOUT);
    await(vertx.eventBus().consumer("silent", message -> {}).completion());

    Throwable failure = requestFromATrace("silent");

    assertThat(failure).hasMessageContaining("Timed out");
    List<FinishedSpan> finished = awaitProducerAndConsumer();
    FinishedSpan producer = kind(finished, Kind.PRODUCER);
    FinishedSpan consumer = kind(finished, Kind.CONSUMER);
    assertThat(consumer.context().parentId()).isEqualTo(producer.context().spanId());
    assertThat(consumer.tags()).containsEntry(Tags.ERROR, "no reply within 300 ms")
        .containsEntry(MessageTracing.ADDRESS_TAG, "silent");
    assertThat(consumer.duration()).isBetween(TIMEOUT_MICROS, TIMEOUT_MICROS + LATE_MICROS);
    assertThat(producer.tag(Tags.ERROR)).contains("Timed out");
    assertThat(tracing.timedOutResponses()).isEqualTo(1);
  }

  @Test
  void aConsumerThatThrowsHasItsConsumerSpanEndedAtTheResponseTimeout() throws Exception {
    start(TIMEOUT);
    await(vertx.eventBus().consumer("throwing", message -> {
      throw new IllegalStateException("consumer failed");
    }).completion());

    requestFromATrace("throwing");

    FinishedSpan consumer = kind(awaitProducerAndConsumer(), Kind.CONSUMER);
    assertThat(consumer.tag(Tags.ERROR)).isEqualTo("no reply within 300 ms");
  }

  @Test
  void aConsumerThatFailsTheMessageEndsItsSpanWithTheReplyButVertxHidesTheFailure() throws Exception {
    start(TIMEOUT);
    await(vertx.eventBus().consumer("failing", message -> message.fail(503, "not ready")).completion());

    Throwable failure = requestFromATrace("failing");

    assertThat(failure).hasMessage("not ready");
    List<FinishedSpan> finished = awaitProducerAndConsumer();
    assertThat(kind(finished, Kind.PRODUCER).tag(Tags.ERROR)).isEqualTo("not ready");
    FinishedSpan consumer = kind(finished, Kind.CONSUMER);
    assertThat(consumer.tags()).doesNotContainKey(Tags.ERROR);
    assertThat(consumer.duration()).isLessThan(TIMEOUT_MICROS);
    assertThat(tracing.timedOutResponses()).isZero();
  }
}
