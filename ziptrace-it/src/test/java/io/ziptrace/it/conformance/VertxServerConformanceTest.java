package io.ziptrace.it.conformance;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.vertx.VertxTracing;
import java.util.concurrent.TimeUnit;

/** The server conformance suite against a Vert.x Web router traced by {@link VertxTracing}. */
class VertxServerConformanceTest extends HttpServerConformance {
  @Override
  ServerUnderTest newServer() {
    return new VertxServer();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** A router with the behaviours' handlers; "async" ones answer from a later event-loop turn. */
  static final class VertxServer implements ServerUnderTest {
    private Vertx vertx;

    @Override
    public int start(HttpServerTracing tracing) throws Exception {
      vertx = Vertx.builder().withTracer(VertxTracing.builder(tracing.tracer()).serverTracing(tracing).build()).build();
      Router router = Router.router(vertx);
      router.route().handler(VertxTracing.routes());
      router.options("/").handler(rc -> rc.end());
      router.get("/ok").handler(rc -> rc.end("ok"));
      router.get("/async").handler(later(rc -> rc.end("ok")));
      router.get("/child").handler(rc -> {
        VertxTracing.span(rc).newChild("child").start().finish();
        rc.end("ok");
      });
      router.get("/badrequest").handler(rc -> rc.response().setStatusCode(400).end());
      router.get("/exception").handler(rc -> rc.fail(503, new IllegalStateException("not ready")));
      router.get("/exceptionAsync").handler(later(rc -> rc.fail(503, new IllegalStateException("not ready"))));
      router.get("/items/:id").handler(rc -> rc.end("item"));
      router.get("/async/items/:id").handler(later(rc -> rc.end("item")));
      Router nested = Router.router(vertx);
      nested.route().handler(VertxTracing.routes());
      nested.get("/items/:id").handler(rc -> rc.end("item"));
      router.route("/nested/*").subRouter(nested);
      return await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
          .requestHandler(router).listen(0)).actualPort();
    }

    private Handler<RoutingContext> later(Handler<RoutingContext> handler) {
      return rc -> vertx.setTimer(1, ignored -> handler.handle(rc));
    }

    @Override
    public String itemsRoute() {
      return "/items/:id";
    }

    @Override
    public void close() throws Exception {
      if (vertx != null) await(vertx.close());
    }
  }
}
