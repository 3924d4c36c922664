/**
 * The transport that POSTs encoded spans to a Zipkin-compatible collector: {@link
 * io.ziptrace.reporting.http.HttpSender}, a {@link io.ziptrace.reporting.Sender} over HTTP/1.1
 * connections of its own by default, or over HTTP/2 with the JDK's {@code java.net.http} client
 * when asked. (Tracing HTTP requests is {@code io.ziptrace.http}.)
 *
 * <p>Nullness: parameters are non-null (the builder rejects {@code null} with a {@link
 * NullPointerException}) and methods never return {@code null}.
 */
package io.ziptrace.reporting.http;
