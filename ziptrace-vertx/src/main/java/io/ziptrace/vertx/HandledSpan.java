package io.ziptrace.vertx;

import io.ziptrace.Span;
import io.ziptrace.TraceContext;

/**
 * The SERVER or CONSUMER span of the request or message a Vert.x context handles, with the route
 * that Vert.x Web matched (recorded by {@link VertxTracing#routes()}), which names the span; or,
 * on a context made by {@link VertxTracing#withParent}, only the parent the application chose.
 */
final class HandledSpan {
  /** The span handled, or null on a context that carries only a chosen parent. */
  final Span span;
  private final TraceContext parent;
  private volatile String route;
  private volatile int routeDepth = -1;
  private volatile Throwable failure;

  HandledSpan(Span span) {
    this.span = span;
    this.parent = span.context();
  }

  private HandledSpan(TraceContext parent) {
    this.span = null;
    this.parent = parent;
  }

  /** A context's parent chosen by the application, with no span of its own. */
  static HandledSpan parentOnly(TraceContext parent) {
    return new HandledSpan(parent);
  }

  /** The parent of what is sent from this context: requests, messages, queries. */
  TraceContext parent() {
    return parent;
  }

  String route() {
    return route;
  }

  /**
   * Records the route a router at {@code depth} (its mount point's length) matched. Each router
   * on the way (the root, then sub-routers) records one, the sub-router's mount route included,
   * in an order Vert.x does not promise: the deepest router's route is the template.
   */
  synchronized void route(String route, int depth) {
    if (depth < routeDepth) return;
    this.route = route;
    this.routeDepth = depth;
  }

  /** The failure Vert.x Web routed to its failure handlers (e.g. {@code rc.fail(503, e)}), or null. */
  Throwable failure() {
    return failure;
  }

  void failure(Throwable failure) {
    if (failure != null) this.failure = failure;
  }
}
