package io.ziptrace.it;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.time.Duration;

/** Tracers wired to a real collector, as users wire them. */
final class Spans {
  private Spans() {}

  static AsyncReporter reporter(String url, Encoding encoding, boolean gzip) {
    return reporter(url, encoding, gzip, false);
  }

  static AsyncReporter reporter(String url, Encoding encoding, boolean gzip, boolean http2) {
    return AsyncReporter.builder(HttpSender.builder(url).encoding(encoding).gzip(gzip).http2(http2).build())
        .sendInterval(Duration.ofMillis(50))
        .build();
  }

  static Tracer tracer(String serviceName, AsyncReporter reporter) {
    return Tracer.builder().localEndpoint(Endpoint.builder(serviceName).ipv4("127.0.0.1").build())
        .reporter(reporter).build();
  }
}
