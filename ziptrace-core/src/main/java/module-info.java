/**
 * The ziptrace tracer: spans, trace context, propagation, sampling, Zipkin encoding and
 * asynchronous reporting, with no dependency outside the JDK.
 *
 * <p>Start with {@link io.ziptrace.zipkin.Zipkin#tracer} for the one-line setup, or {@link
 * io.ziptrace.Tracer#builder()} to choose the reporter, sampler and clock. Every exported package
 * is supported API. {@code io.ziptrace.internal} holds the shared encoding, wording and settings
 * helpers; it is exported only to ziptrace's own adapter modules (a qualified export), never to
 * applications, and may change in any release.
 */
module io.ziptrace {
  // HttpSender's HTTP/2 transport uses java.net.http (HTTP/1.1 uses sockets of its own); no
  // java.net.http type appears in this module's API, so the dependency is not transitive.
  requires java.net.http;

  exports io.ziptrace;
  exports io.ziptrace.encoding;
  exports io.ziptrace.http;
  exports io.ziptrace.messaging;
  exports io.ziptrace.propagation;
  exports io.ziptrace.reporting;
  exports io.ziptrace.reporting.http;
  exports io.ziptrace.sampling;
  exports io.ziptrace.testing;
  exports io.ziptrace.zipkin;

  // Wording and settings helpers for ziptrace's own adapter modules; not API.
  exports io.ziptrace.internal to io.ziptrace.http.jdk, io.ziptrace.kafka, io.ziptrace.vertx;
}
