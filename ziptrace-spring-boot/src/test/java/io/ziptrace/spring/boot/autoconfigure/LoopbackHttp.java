package io.ziptrace.spring.boot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GET requests to the tests' applications and Zipkin, on loopback, answered as text. */
final class LoopbackHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LoopbackHttp() {}

  /**
   * Sends {@code GET uri} with {@code headers} (name, value, name, value...) and a 10 s timeout,
   * and returns the answer.
   */
  static HttpResponse<String> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) request.headers(headers);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
