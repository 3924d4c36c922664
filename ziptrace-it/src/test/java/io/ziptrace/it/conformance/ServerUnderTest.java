package io.ziptrace.it.conformance;

import io.ziptrace.http.HttpServerTracing;

/**
 * A traced HTTP server of one adapter, listening on loopback, with a handler per behaviour the
 * conformance list names:
 *
 * <ul>
 *   <li>{@code GET /ok} and {@code GET /async}: 200, answered at once or later on another thread;
 *   <li>{@code GET /child}: starts and finishes a child span named {@code child} of the request's
 *       span, then answers 200;
 *   <li>{@code GET /badrequest}: 400;
 *   <li>{@code GET /exception} and {@code GET /exceptionAsync}: sets 503 then fails with {@code
 *       IllegalStateException("not ready")}, directly or from another thread;
 *   <li>{@code GET} on {@link #itemsRoute()}, {@code /nested} plus it, and {@code /async} plus it:
 *       200 from a handler the framework routes by template;
 *   <li>{@code OPTIONS /}: 200; anything else: 404.
 * </ul>
 */
interface ServerUnderTest extends AutoCloseable {
  /** Starts the server traced by {@code tracing}; returns its port on 127.0.0.1. */
  int start(HttpServerTracing tracing) throws Exception;

  /** The items route as this framework writes templates: {@code /items/:id} or {@code /items/{id}}. */
  String itemsRoute();
}
