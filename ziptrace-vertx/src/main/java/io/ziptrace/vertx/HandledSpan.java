package io.ziptrace.vertx;

import io.ziptrace.Span;

/**
 * The SERVER or CONSUMER span of the request or message a Vert.x context handles, with the route
 * that Vert.x Web matched (recorded by {@link VertxTracing#routes()}), which names the span.
 */
final class HandledSpan {
  final Span span;
  private volatile String route;
  private volatile int routeDepth = -1;
  private volatile Throwable failure;

  HandledSpan(Span span) {
    this.span = span;
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
