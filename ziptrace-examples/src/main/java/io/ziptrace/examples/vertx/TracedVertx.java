package io.ziptrace.examples.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Vert.x instance of one demo service with the service's own tracer: Vert.x takes one tracer
 * per instance, so each service has its own instance.
 */
final class TracedVertx implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  final Tracer tracer;
  final Vertx vertx;

  /**
   * @param tracers makes the service's tracer from its local endpoint
   * @param tracing how to trace this instance with that tracer
   */
  TracedVertx(String serviceName, Function<Endpoint, Tracer> tracers, Function<Tracer, VertxTracing> tracing) {
    this.tracer = tracers.apply(Endpoint.builder(serviceName).ipv4("127.0.0.1").build());
    this.vertx = Vertx.builder().withTracer(tracing.apply(tracer)).build();
  }

  /** Waits for {@code future}, for the demo's start and stop, which run off the event loop. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no result within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops Vert.x, which ends the requests in progress, then closes the tracer, which sends the finished spans. */
  @Override
  public void close() {
    try {
      await(vertx.close());
    } finally {
      tracer.close();
    }
  }
}
