/**
 * Tracing for Vert.x 5: {@link io.ziptrace.vertx.VertxTracing}, installed with {@code
 * Vertx.builder().withTracer(...)}, and {@link io.ziptrace.vertx.VertxTracing#span} for handlers.
 *
 * <p>Nullness: parameters are non-null unless documented; methods never return {@code null}
 * ({@code span} gives a no-op span where nothing is traced).
 */
package io.ziptrace.vertx;
