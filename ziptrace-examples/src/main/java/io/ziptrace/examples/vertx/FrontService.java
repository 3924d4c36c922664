package io.ziptrace.examples.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.examples.Demo;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.vertx.VertxTracing;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The front service: {@code GET /} asks {@link UsersService} for a user with a {@link WebClient},
 * publishes the visit on the event bus to two consumers, asks a third consumer for a greeting
 * (request/reply), and answers with the greeting, the trace id in a header.
 */
final class FrontService implements AutoCloseable {
  static final String NAME = "vertx-front";
  static final String GREETINGS = "demo.greetings";
  static final String VISITS = "demo.visits";
  /** The tag the visit-logging consumer puts on its CONSUMER span. */
  static final String VISITOR_TAG = "demo.visitor";

  private final TracedVertx traced;
  private final WebClient client;
  private final URI users;
  private final URI zipkinUi;
  private final AtomicInteger visits = new AtomicInteger();
  private final int port;

  /**
   * @param users the users service's URL
   * @param zipkinUi the Zipkin base URL the answer links to
   */
  FrontService(Function<Endpoint, Tracer> tracers, URI users, URI zipkinUi) {
    // Browsers ask for a favicon next to the page: answered 404 and left out of the traces.
    traced = new TracedVertx(NAME, tracers, tracer -> VertxTracing.builder(tracer)
        .serverTracing(HttpServerTracing.builder(tracer).skipPaths(VertxDemo.FAVICON_PATH).build()).build());
    this.users = users;
    this.zipkinUi = zipkinUi;
    Vertx vertx = traced.vertx;
    client = WebClient.create(vertx);
    EventBus bus = vertx.eventBus();
    bus.<String>consumer(GREETINGS, message -> message.reply("Hello, " + message.body() + "!"));
    bus.<String>consumer(VISITS, message -> visits.incrementAndGet());
    bus.<String>consumer(VISITS, message -> VertxTracing.span(Vertx.currentContext()).tag(VISITOR_TAG, message.body()));
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.get("/").handler(this::home);
    port = TracedVertx.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(router).listen(0)).actualPort();
  }

  /** This service's URL. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  private void home(RoutingContext rc) {
    String traceId = VertxTracing.span(rc).context().traceIdString();
    EventBus bus = traced.vertx.eventBus();
    client.getAbs(users.resolve("users/" + UsersService.USER_ID).toString()).send()
        .compose(FrontService::userName)
        .compose(name -> {
          bus.publish(VISITS, name);
          return bus.<String>request(GREETINGS, name);
        })
        .onSuccess(greeting -> rc.response()
            .putHeader(Demo.TRACE_ID_HEADER, traceId)
            .putHeader("content-type", "text/plain; charset=utf-8")
            .end(page(greeting, traceId)))
        .onFailure(rc::fail);
  }

  private static Future<String> userName(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(UsersService.NAME + " answered " + response.statusCode());
    }
    return Future.succeededFuture(response.bodyAsString());
  }

  private String page(Message<String> greeting, String traceId) {
    return greeting.body() + "\n\n"
        + "This request went: " + NAME + " -> " + UsersService.NAME + " -> its database (SQL), then over the"
        + " event bus to a greeting consumer (request/reply) and two visit consumers (publish).\n"
        + "Its trace: " + zipkinUi.resolve("/zipkin/traces/" + traceId) + "\n";
  }

  @Override
  public void close() {
    traced.close();
  }
}
