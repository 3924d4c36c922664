/**
 * The HTTP tracing layer that framework adapters share: {@link io.ziptrace.http.HttpServerTracing}
 * and {@link io.ziptrace.http.HttpClientTracing} start, name, tag and finish SERVER and CLIENT
 * spans over an adapter's thin {@link io.ziptrace.http.HttpRequestInfo} view. Adapters for
 * particular HTTP stacks live in their own modules (e.g. {@code io.ziptrace.http.jdk}); sending
 * spans over HTTP is {@code io.ziptrace.reporting.http}.
 *
 * <p>Nullness: parameters are non-null unless documented (a {@code null} parent starts a new
 * trace); methods return {@code null} only where documented, e.g. a request's unknown route,
 * header or remote address.
 */
package io.ziptrace.http;
