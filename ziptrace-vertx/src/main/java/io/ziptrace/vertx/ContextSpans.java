package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Where the span of the request or message being handled lives: a local of the Vert.x context
 * that handles it. Vert.x runs each HTTP request and each event-bus delivery on its own
 * duplicated context, so this is per-request storage that follows the work across callbacks,
 * without thread-locals.
 */
final class ContextSpans {
  /**
   * Registered when this class loads: before the Vert.x instance that uses ziptrace is built
   * (building it needs a {@link VertxTracing}, whose class loads this one), as Vert.x requires:
   * an instance built before a key was registered fails on that key.
   */
  static final ContextLocal<HandledSpan> KEY = ContextLocal.registerLocal(HandledSpan.class);

  private ContextSpans() {}

  /** The span handled on {@code context}, or null. */
  static HandledSpan get(Context context) {
    if (context == null) return null;
    try {
      return context.getLocal(KEY);
    } catch (IllegalArgumentException e) {
      return null; // a Vert.x instance built before ziptrace was loaded: it is not traced
    }
  }

  static void put(Context context, HandledSpan span) {
    context.putLocal(KEY, span);
  }
}
