package io.ziptrace.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Vert.x HTTP server, WebClient and event bus on loopback, traced into memory. */
class VertxTracingTest {
  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-app")).reporter(spans).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
  final WebClient client = WebClient.create(vertx);
  /** A client that starts traces of its own, for requests made outside any traced request. */
  final WebClient rootClient = WebClient.create(vertx, new WebClientOptions().setTracingPolicy(TracingPolicy.ALWAYS));

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  int listen(Router router, TracingPolicy policy) throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTracingPolicy(policy));
    return await(server.requestHandler(router).listen(0)).actualPort();
  }

  /** A traced server answering {@code GET /profile} with {@code profile}; returns its port. */
  int profileServer() throws Exception {
    Router back = Router.router(vertx);
    back.get("/profile").handler(rc -> rc.end("profile"));
    return listen(back, TracingPolicy.ALWAYS);
  }

  List<FinishedSpan> awaitSpans(int count) throws InterruptedException {
    List<FinishedSpan> finished = spans.awaitCount(count, Duration.ofSeconds(20));
    assertThat(finished).hasSizeGreaterThanOrEqualTo(count);
    return finished;
  }

  static FinishedSpan only(List<FinishedSpan> finished, Kind kind) {
    assertThat(finished).filteredOn(s -> s.kind() == kind).hasSize(1);
    return finished.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
  }

  @Test
  void aServerSpanPerRequestNamedByItsRouteTemplate() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.get("/users/:id").handler(rc -> {
      VertxTracing.span(rc).tag("user.id", rc.pathParam("id"));
      rc.end("user " + rc.pathParam("id"));
    });
    int port = listen(router, TracingPolicy.ALWAYS);

    HttpResponse<Buffer> response = await(client.get(port, "127.0.0.1", "/users/42?verbose=1").send());

    assertThat(response.statusCode()).isEqualTo(200);
    FinishedSpan server = only(awaitSpans(1), Kind.SERVER);
    assertThat(server.name()).isEqualTo("GET /users/:id");
    assertThat(server.tags())
        .containsEntry(Tags.HTTP_ROUTE, "/users/:id")
        .containsEntry(Tags.HTTP_PATH, "/users/42")
        .containsEntry(Tags.HTTP_METHOD, "GET")
        .containsEntry(Tags.HTTP_STATUS_CODE, "200")
        .containsEntry("user.id", "42")
        .doesNotContainKey(Tags.ERROR);
    assertThat(server.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(server.duration()).isPositive();
  }

  @Test
  void aClientCallFromAHandlerIsAChildOfTheRequestSpanAndJoinsTheServerItCalls() throws Exception {
    int backPort = profileServer();
    Router front = Router.router(vertx);
    front.get("/page").handler(rc -> client.get(backPort, "127.0.0.1", "/profile").send()
        .onSuccess(r -> rc.end("page with " + r.bodyAsString()))
        .onFailure(rc::fail));
    int frontPort = listen(front, TracingPolicy.ALWAYS);

    assertThat(await(client.get(frontPort, "127.0.0.1", "/page").send()).bodyAsString()).isEqualTo("page with profile");

    List<FinishedSpan> finished = awaitSpans(3);
    FinishedSpan clientSpan = only(finished, Kind.CLIENT);
    List<FinishedSpan> servers = finished.stream().filter(s -> s.kind() == Kind.SERVER).toList();
    FinishedSpan frontSpan = servers.stream().filter(s -> "/page".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow();
    FinishedSpan backSpan = servers.stream().filter(s -> "/profile".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow();
    assertThat(clientSpan.context().parentId()).isEqualTo(frontSpan.context().spanId());
    assertThat(backSpan.context().spanId()).isEqualTo(clientSpan.context().spanId()); // joined
    assertThat(backSpan.context().shared()).isTrue();
    assertThat(clientSpan.context().traceIdString()).isEqualTo(frontSpan.context().traceIdString());
    assertThat(clientSpan.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("200");
    assertThat(clientSpan.remoteEndpoint().port()).isEqualTo(backPort);
  }

  @Test
  void underPropagateOnlyContinuedTracesAreRecordedIncludingTheSingleB3Header() throws Exception {
    Router router = Router.router(vertx);
    router.get("/ok").handler(rc -> rc.end("ok"));
    int port = listen(router, TracingPolicy.PROPAGATE);

    await(client.get(port, "127.0.0.1", "/ok").send());
    await(client.get(port, "127.0.0.1", "/ok").putHeader("b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-1").send());

    FinishedSpan server = only(awaitSpans(1), Kind.SERVER);
    assertThat(server.context().traceIdString()).isEqualTo("463ac35c9f6413ad");
    assertThat(server.context().spanIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(spans.spans()).hasSize(1);
  }

  @Test
  void aFailingHandlerRecordsTheErrorAndTheStatusTheClientGot() throws Exception {
    Router router = Router.router(vertx);
    router.get("/fail").handler(rc -> {
      throw new IllegalStateException("not ready");
    });
    int port = listen(router, TracingPolicy.ALWAYS);

    assertThat(await(client.get(port, "127.0.0.1", "/fail").send()).statusCode()).isEqualTo(500);

    FinishedSpan server = only(awaitSpans(1), Kind.SERVER);
    assertThat(server.tag(Tags.HTTP_STATUS_CODE)).isEqualTo("500");
    assertThat(server.tag(Tags.ERROR)).isNotNull();
  }

  @Test
  void aConnectionDroppedByTheServerIsRecordedOnTheClientSpan() throws Exception {
    try (java.net.ServerSocket dropper = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread accepting = new Thread(() -> {
        try (java.net.Socket connection = dropper.accept()) {
          connection.getInputStream().read(new byte[256]); // the request arrived; hang up without answering
        } catch (java.io.IOException e) {
          // the test fails on its own assertions if the request never came
        }
      });
      accepting.start();

      Throwable failure = await(rootClient.get(dropper.getLocalPort(), "127.0.0.1", "/").send()
          .map((Throwable) null).recover(Future::succeededFuture));
      accepting.join(10_000);

      assertThat(failure).isNotNull();
      FinishedSpan span = only(awaitSpans(1), Kind.CLIENT);
      assertThat(span.tag(Tags.ERROR)).isNotNull();
      assertThat(span.tag(Tags.HTTP_STATUS_CODE)).isNull();
    }
  }

  @Test
  void eventBusRequestReplyAndPublishAreProducerAndConsumerSpans() throws Exception {
    vertx.eventBus().<String>consumer("greetings", message -> {
      VertxTracing.span(vertx.getOrCreateContext()).tag("handled", "yes");
      message.reply("hello " + message.body());
    });
    for (int i = 0; i < 3; i++) vertx.eventBus().<String>consumer("news", message -> {});
    Router router = Router.router(vertx);
    router.get("/greet").handler(rc -> vertx.eventBus().<String>request("greetings", "world")
        .onSuccess(reply -> {
          vertx.eventBus().publish("news", "greeted");
          rc.end(reply.body());
        })
        .onFailure(rc::fail));
    int port = listen(router, TracingPolicy.ALWAYS);

    assertThat(await(client.get(port, "127.0.0.1", "/greet").send()).bodyAsString()).isEqualTo("hello world");

    List<FinishedSpan> finished = awaitSpans(1 + 2 + 1 + 3);
    FinishedSpan server = only(finished, Kind.SERVER);
    List<FinishedSpan> producers = finished.stream().filter(s -> s.kind() == Kind.PRODUCER).toList();
    List<FinishedSpan> consumers = finished.stream().filter(s -> s.kind() == Kind.CONSUMER).toList();
    assertThat(producers).extracting(FinishedSpan::name).containsExactlyInAnyOrder("send", "publish");
    assertThat(producers).allSatisfy(p -> assertThat(p.context().parentId()).isEqualTo(server.context().spanId()));
    FinishedSpan request = producers.stream().filter(p -> p.name().equals("send")).findFirst().orElseThrow();
    FinishedSpan publish = producers.stream().filter(p -> p.name().equals("publish")).findFirst().orElseThrow();
    assertThat(consumers).hasSize(4);
    assertThat(consumers).filteredOn(c -> c.context().parentId() == request.context().spanId()).singleElement()
        .satisfies(c -> assertThat(c.tags()).containsEntry("handled", "yes").containsEntry(MessageTracing.ADDRESS_TAG, "greetings"));
    assertThat(consumers).filteredOn(c -> c.context().parentId() == publish.context().spanId()).hasSize(3);
    assertThat(finished).extracting(s -> s.context().traceIdString()).containsOnly(server.context().traceIdString());
    assertThat(request.remoteEndpoint().serviceName()).isEqualTo("vertx-eventbus");
  }

  /** What an event-bus consumer saw: the message's header names, lowercase, and its span's context. */
  record Delivery(List<String> headerNames, io.ziptrace.TraceContext consumer) {}

  java.util.concurrent.LinkedBlockingQueue<Delivery> deliveriesTo(String address) throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Delivery> deliveries = new java.util.concurrent.LinkedBlockingQueue<>();
    await(vertx.eventBus().<String>consumer(address, message -> {
      List<String> names = message.headers().names().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
      deliveries.add(new Delivery(names, VertxTracing.span(Vertx.currentContext()).context()));
      message.reply("ok");
    }).completion());
    return deliveries;
  }

  static Delivery next(java.util.concurrent.LinkedBlockingQueue<Delivery> deliveries) throws InterruptedException {
    Delivery delivery = deliveries.poll(20, TimeUnit.SECONDS);
    assertThat(delivery).as("a delivery").isNotNull();
    return delivery;
  }

  @Test
  void tracestateCrossesTheEventBusBesideTheSingleB3HeaderByDefault() throws Exception {
    String state = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
    java.util.concurrent.LinkedBlockingQueue<Delivery> deliveries = deliveriesTo("orders");
    io.ziptrace.TraceContext parent = tracer.newTrace().context().toBuilder().traceState(state).randomTraceId(true)
        .build(); // as a trace started by a Level 2 tracer comes

    await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().<String>request("orders", "order")));
    Delivery requested = next(deliveries);
    await(VertxTracing.withParent(vertx, parent, () -> {
      vertx.eventBus().send("orders", "order");
      return Future.succeededFuture();
    }));
    Delivery sent = next(deliveries);

    assertThat(List.of(requested, sent)).allSatisfy(delivery -> {
      assertThat(delivery.headerNames()).containsExactly("b3", "traceparent", "tracestate");
      assertThat(delivery.consumer().traceIdString()).isEqualTo(parent.traceIdString());
      assertThat(delivery.consumer().traceState()).isEqualTo(state);
      assertThat(delivery.consumer().randomTraceId()).isTrue();
    });
    List<FinishedSpan> finished = awaitSpans(4);
    assertThat(finished).filteredOn(s -> s.kind() == Kind.CONSUMER).hasSize(2)
        .allSatisfy(c -> assertThat(c.context().traceState()).isEqualTo(state));
  }

  @Test
  void aTraceWithoutTracestateCrossesTheEventBusInTheSingleB3HeaderAlone() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Delivery> deliveries = deliveriesTo("orders");
    io.ziptrace.TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().<String>request("orders", "order")));

    Delivery delivery = next(deliveries);
    assertThat(delivery.headerNames()).containsExactly("b3");
    assertThat(delivery.consumer().traceIdString()).isEqualTo(parent.traceIdString());
    assertThat(delivery.consumer().traceState()).isNull();
  }

  /** A verticle whose server calls {@code /profile} and then the event bus, composed as futures. */
  static final class ComposingVerticle extends io.vertx.core.VerticleBase {
    final int backPort;
    volatile int port;

    ComposingVerticle(int backPort) {
      this.backPort = backPort;
    }

    @Override
    public Future<?> start() {
      WebClient web = WebClient.create(vertx);
      Router router = Router.router(vertx);
      router.get("/composed").handler(rc -> web.get(backPort, "127.0.0.1", "/profile").send()
          .compose(profile -> vertx.eventBus().<String>request("audit", profile.bodyAsString()))
          .onSuccess(reply -> rc.end(reply.body()))
          .onFailure(rc::fail));
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(router).listen(0)
          .onSuccess(server -> port = server.actualPort());
    }
  }

  void assertComposedHopsAreChildrenOfTheRequest(io.vertx.core.ThreadingModel threading) throws Exception {
    int backPort = profileServer();
    vertx.eventBus().<String>consumer("audit", message -> message.reply("audited " + message.body()));
    ComposingVerticle verticle = new ComposingVerticle(backPort);
    await(vertx.deployVerticle(verticle, new io.vertx.core.DeploymentOptions().setThreadingModel(threading)));

    assertThat(await(client.get(verticle.port, "127.0.0.1", "/composed").send()).bodyAsString()).isEqualTo("audited profile");

    List<FinishedSpan> finished = awaitSpans(5);
    FinishedSpan front = finished.stream().filter(s -> "/composed".equals(s.tag(Tags.HTTP_PATH)) && s.kind() == Kind.SERVER)
        .findFirst().orElseThrow();
    assertThat(finished).filteredOn(s -> s.kind() == Kind.CLIENT || s.kind() == Kind.PRODUCER)
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.context().parentId()).isEqualTo(front.context().spanId()));
    assertThat(finished).extracting(s -> s.context().traceIdString()).containsOnly(front.context().traceIdString());
  }

  @Test
  void futuresComposedAcrossHopsOnAnEventLoopVerticle() throws Exception {
    assertComposedHopsAreChildrenOfTheRequest(io.vertx.core.ThreadingModel.EVENT_LOOP);
  }

  @Test
  void futuresComposedAcrossHopsOnAWorkerVerticle() throws Exception {
    assertComposedHopsAreChildrenOfTheRequest(io.vertx.core.ThreadingModel.WORKER);
  }

  @Test
  void futuresComposedAcrossHopsOnAVirtualThreadVerticle() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21 or newer");
    assertComposedHopsAreChildrenOfTheRequest(io.vertx.core.ThreadingModel.VIRTUAL_THREAD);
  }

  @Test
  void workRunWithAChosenParentSendsItsCallsAsChildrenOfThatParent() throws Exception {
    int backPort = profileServer();
    vertx.eventBus().<String>consumer("audit", message -> message.reply("ok"));
    Span batch = tracer.newTrace().name("nightly batch").start();
    Router front = Router.router(vertx);
    front.get("/page").handler(rc -> VertxTracing.withParent(vertx, batch.context(),
            () -> client.get(backPort, "127.0.0.1", "/profile").send()
                .compose(r -> vertx.eventBus().<String>request("audit", "x")))
        .onSuccess(reply -> rc.end(reply.body())).onFailure(rc::fail));
    int frontPort = listen(front, TracingPolicy.ALWAYS);

    assertThat(await(client.get(frontPort, "127.0.0.1", "/page").send()).bodyAsString()).isEqualTo("ok");

    List<FinishedSpan> finished = awaitSpans(5);
    FinishedSpan clientSpan = only(finished, Kind.CLIENT);
    FinishedSpan producer = only(finished, Kind.PRODUCER);
    assertThat(List.of(clientSpan, producer)).allSatisfy(s -> {
      assertThat(s.context().parentId()).isEqualTo(batch.context().spanId());
      assertThat(s.context().traceIdString()).isEqualTo(batch.context().traceIdString());
    });
    FinishedSpan page = finished.stream().filter(s -> "/page".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow();
    assertThat(page.context().traceIdString()).isNotEqualTo(batch.context().traceIdString());
  }

  @Test
  void aNullParentRunsTheWorkWithNoParentAndCountsMisuse() throws Exception {
    int backPort = profileServer();
    Router front = Router.router(vertx);
    front.get("/page").handler(rc -> VertxTracing.withParent(vertx, null,
            () -> rootClient.get(backPort, "127.0.0.1", "/profile").send())
        .onSuccess(r -> rc.end("page with " + r.bodyAsString())).onFailure(rc::fail));
    int frontPort = listen(front, TracingPolicy.ALWAYS);
    long before = tracer.ignoredMisuseCount();

    assertThat(await(client.get(frontPort, "127.0.0.1", "/page").send()).bodyAsString()).isEqualTo("page with profile");

    assertThat(tracer.ignoredMisuseCount()).isEqualTo(before + 1);
    List<FinishedSpan> finished = awaitSpans(3);
    FinishedSpan clientSpan = only(finished, Kind.CLIENT);
    FinishedSpan page = finished.stream().filter(s -> "/page".equals(s.tag(Tags.HTTP_PATH))).findFirst().orElseThrow();
    assertThat(clientSpan.context().parentId()).isZero(); // a new trace, not a child of the request
    assertThat(clientSpan.context().traceIdString()).isNotEqualTo(page.context().traceIdString());
  }

  @Test
  void aNullParentOutsideAnyRequestStillRunsTheWork() throws Exception {
    long before = tracer.ignoredMisuseCount();
    java.util.concurrent.atomic.AtomicReference<Span> seen = new java.util.concurrent.atomic.AtomicReference<>();

    String result = await(VertxTracing.withParent(vertx, null, () -> {
      seen.set(VertxTracing.span(Vertx.currentContext()));
      return Future.succeededFuture("done");
    }));

    assertThat(result).isEqualTo("done");
    assertThat(seen.get().isNoop()).isTrue();
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(before + 1);
  }

  @Test
  void aNullVertxOrWorkThrowsAtOnce() {
    assertThatThrownBy(() -> VertxTracing.withParent(null, tracer.newTrace().context(), Future::succeededFuture))
        .isInstanceOf(NullPointerException.class).hasMessage("vertx");
    assertThatThrownBy(() -> VertxTracing.withParent(vertx, tracer.newTrace().context(), null))
        .isInstanceOf(NullPointerException.class).hasMessage("work");
  }

  @Test
  void outsideAnyRequestTheSpanIsANoop() {
    Span span = VertxTracing.span(vertx.getOrCreateContext());

    assertThat(span.isNoop()).isTrue();
    assertThat(VertxTracing.span((io.vertx.core.Context) null)).isSameAs(span);
    assertThat(VertxTracing.span((io.vertx.ext.web.RoutingContext) null)).isSameAs(span);
  }
}
