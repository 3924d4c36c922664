package io.ziptrace.benchmarks;

import io.ziptrace.examples.run.ZipkinProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Reads a page of a Zipkin server's, such as its metrics. Over HTTP/1.1, and once more on a
 * failure: the benchmarks start a Zipkin on a free port per measurement, so a port comes back,
 * and a connection kept from the server that had it before fails on first use (seen as "EOF
 * reached while reading" from a pooled HTTP/2 connection).
 */
final class ZipkinPages {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ZipkinPages() {}

  /** The body of {@code path} (e.g. {@code /metrics}) on {@code zipkin}. */
  static String read(ZipkinProcess zipkin, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(zipkin.baseUrl().resolve(path)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException stale) {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
  }
}
