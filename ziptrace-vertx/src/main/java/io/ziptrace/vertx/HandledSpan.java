package io.ziptrace.vertx;

import io.ziptrace.Span;

/**
 * The SERVER or CONSUMER span of the request or message a Vert.x context handles, with the route
 * that Vert.x Web matched (recorded by {@link VertxTracing#routes()}), which names the span.
 */
final class HandledSpan {
  final Span span;
  private volatile String route;

  HandledSpan(Span span) {
    this.span = span;
  }

  String route() {
    return route;
  }

  void route(String route) {
    this.route = route;
  }
}
