package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.ziptrace.TraceContext;
import java.util.function.Supplier;

/**
 * Runs work on a duplicate of the caller's Vert.x context that carries a parent the application
 * chose: Vert.x takes a client call's parent from the context the call starts on, so a context
 * of its own is how a call gets another parent without any thread-local.
 */
final class ChosenParent {
  private ChosenParent() {}

  static <T> Future<T> run(Vertx vertx, TraceContext parent, Supplier<Future<T>> work) {
    Context current = Vertx.currentContext();
    ContextInternal base = (ContextInternal) (current != null && current.owner() == vertx ? current : vertx.getOrCreateContext());
    ContextInternal duplicate = base.duplicate();
    ContextSpans.put(duplicate, HandledSpan.parentOnly(parent));
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
}
