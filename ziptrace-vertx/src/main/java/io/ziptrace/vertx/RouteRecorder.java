package io.ziptrace.vertx;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Records the route template whose handler took the request, and the failure a handler routed:
 * Vert.x Web knows them only after routing, and Vert.x tells the tracer nothing about them. The
 * route is recorded as soon as the handlers after this one have been called (when {@code next()}
 * returns, the route being handled is the one that matched), so that a request whose handler
 * hangs, or whose connection closes before the response, keeps its route; and again when the
 * response headers go out, for a handler that passes the request on later and for the failure.
 */
final class RouteRecorder implements Handler<RoutingContext> {
  static final RouteRecorder INSTANCE = new RouteRecorder();

  private RouteRecorder() {}

  @Override
  public void handle(RoutingContext routingContext) {
    HandledSpan handled = ContextSpans.get(routingContext.vertx().getOrCreateContext());
    if (handled == null) {
      routingContext.next();
      return;
    }
    routingContext.addHeadersEndHandler(ignored -> record(routingContext, handled));
    routingContext.next();
    record(routingContext, handled);
  }

  private static void record(RoutingContext routingContext, HandledSpan handled) {
    handled.failure(routingContext.failure());
    Route route = routingContext.currentRoute();
    if (route == null || route.getPath() == null || route.getPath().isEmpty()) return;
    String mountPoint = routingContext.mountPoint();
    String template = mountPoint == null ? route.getPath() : stripTrailingSlash(mountPoint) + route.getPath();
    handled.route(template, mountPoint == null ? 0 : mountPoint.length());
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
