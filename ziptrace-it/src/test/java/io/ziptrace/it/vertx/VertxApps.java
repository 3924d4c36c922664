package io.ziptrace.it.vertx;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/** Starting Vert.x servers on loopback and waiting on Vert.x futures, with deadlines. */
final class VertxApps {
  private VertxApps() {}

  /** The future's result, failing after 30 s. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Starts an HTTP server on a free loopback port and returns the port. */
  static int listen(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    return await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(handler).listen(0)).actualPort();
  }
}
