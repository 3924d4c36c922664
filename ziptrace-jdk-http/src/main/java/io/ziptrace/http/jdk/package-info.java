/**
 * Tracing for the JDK's own HTTP stack: {@link io.ziptrace.http.jdk.TracingFilter} traces the
 * requests of a {@code com.sun.net.httpserver} server and {@link
 * io.ziptrace.http.jdk.TracingHttpClient} the calls of a {@code java.net.http} client, both
 * through the shared layer in {@code io.ziptrace.http}.
 *
 * <p>Nullness: parameters are non-null unless documented (a {@code null} parent context starts
 * a new trace); methods never return {@code null}: {@link
 * io.ziptrace.http.jdk.TracingFilter#span} gives a no-op span when the request is not traced.
 */
package io.ziptrace.http.jdk;
