package io.ziptrace.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The spans of one HTTP request to a traced Vert.x handler that calls a client (SQL, Redis,
 * Cassandra): its SERVER span and the CLIENT spans of the calls it made.
 */
final class HandlerSpans {
  private HandlerSpans() {}

  /** The future's value, waiting at most 30 seconds. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * Serves {@code GET /} on {@code vertx} with {@code handler}'s outcome (200, or 500 with the
   * failure's message), calls it once and returns the first {@code spanCount} spans reported.
   */
  static List<FinishedSpan> callHandler(Vertx vertx, InMemoryReporter spans, int spanCount,
      Supplier<Future<?>> handler) throws Exception {
    Router router = Router.router(vertx);
    router.get("/").handler(rc -> handler.get()
        .onSuccess(r -> rc.end("ok"))
        .onFailure(e -> rc.response().setStatusCode(500).end(e.getMessage())));
    int port = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(router)
        .listen(0)).actualPort();
    await(WebClient.create(vertx).get(port, "127.0.0.1", "/").send());
    return spans.awaitCount(spanCount, Duration.ofSeconds(30));
  }

  /** The CLIENT spans among {@code finished}, in the order they finished. */
  static List<FinishedSpan> clientSpans(List<FinishedSpan> finished) {
    return finished.stream().filter(s -> s.kind() == Kind.CLIENT).toList();
  }

  /** The SERVER span among {@code finished}. */
  static FinishedSpan serverSpan(List<FinishedSpan> finished) {
    return finished.stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
  }
}
