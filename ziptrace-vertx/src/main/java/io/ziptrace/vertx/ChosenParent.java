package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.ziptrace.TraceContext;
import java.util.function.Supplier;

/**
 * Runs work on a duplicate of the caller's Vert.x context that carries a parent the application
 * chose: Vert.x takes a client call's parent from the context the call starts on, so a context
 * of its own is how a call gets another parent without any thread-local. A null parent (a
 * caller's mistake) leaves the duplicate without any, so its calls are traced as outside any
 * request, and is counted as misuse on the instance's tracer.
 */
final class ChosenParent {
  private ChosenParent() {}

  /** Runs {@code work} on a duplicate context whose calls are children of {@code parent} (nullable). */
  static <T> Future<T> run(Vertx vertx, TraceContext parent, Supplier<Future<T>> work) {
    Context current = Vertx.currentContext();
    ContextInternal base = (ContextInternal) (current != null && current.owner() == vertx ? current : vertx.getOrCreateContext());
    ContextInternal duplicate = base.duplicate(); // starts with no context locals: no span, no parent
    if (parent != null) {
      ContextSpans.put(duplicate, HandledSpan.parentOnly(parent));
    } else {
      countMisuse(vertx);
    }
    Promise<T> result = duplicate.promise();
    duplicate.runOnContext(ignored -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** Counts a null parent on the ziptrace tracer {@code vertx} was built with, if any. */
  private static void countMisuse(Vertx vertx) {
    if (vertx instanceof VertxInternal && ((VertxInternal) vertx).tracer() instanceof ZiptraceVertxTracer) {
      ((ZiptraceVertxTracer) ((VertxInternal) vertx).tracer()).tracer().countMisuse();
    }
  }
}
