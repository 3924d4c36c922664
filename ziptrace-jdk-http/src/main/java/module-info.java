/**
 * Tracing for the JDK's own HTTP stack: {@link io.ziptrace.http.jdk.TracingFilter} for the
 * {@code com.sun.net.httpserver} server and {@link io.ziptrace.http.jdk.TracingHttpClient} for
 * the {@code java.net.http} client.
 *
 * <p>The dependencies are transitive because this module's public signatures use their types
 * ({@code Tracer}, {@code Filter}, {@code HttpExchange}, {@code HttpClient}): a consumer that
 * requires this module can call it without requiring them as well.
 */
module io.ziptrace.http.jdk {
  requires transitive io.ziptrace;
  requires transitive java.net.http;
  requires transitive jdk.httpserver;

  exports io.ziptrace.http.jdk;
}
