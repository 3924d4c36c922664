package io.ziptrace.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A demo of several traced services, one request through which makes one trace. */
public interface Demo extends AutoCloseable {
  /** The header in which the front service returns the trace id of the request. */
  String TRACE_ID_HEADER = "X-Trace-Id";

  /** The front page's URL. */
  URI frontUrl();

  /** Sends one request through the front service and returns its trace id. */
  default String sendRequest() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(frontUrl()).build(), HttpResponse.BodyHandlers.ofString());
    if (page.statusCode() != 200) throw new IOException("front service answered " + page.statusCode());
    return page.headers().firstValue(TRACE_ID_HEADER).orElseThrow(() -> new IOException("no trace id in the answer"));
  }

  /** Stops every service and closes its tracer, which sends the finished spans. */
  @Override
  void close();
}
