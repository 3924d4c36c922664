/**
 * The one-line setup: {@link io.ziptrace.zipkin.Zipkin#tracer} builds a {@link
 * io.ziptrace.Tracer} that reports to a Zipkin collector over HTTP with the default reporter and
 * sender settings, and its {@code ...FromEnvironment} methods take the collector URL, service
 * name and sample rate from system properties or environment variables. It only wires together
 * public classes of the other packages; build those yourself to change a setting.
 *
 * <p>Nullness: parameters are non-null and methods never return {@code null}.
 */
package io.ziptrace.zipkin;
