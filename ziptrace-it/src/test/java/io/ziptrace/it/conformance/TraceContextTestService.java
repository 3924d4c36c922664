package io.ziptrace.it.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.it.http.TracedServers;
import io.ziptrace.propagation.TraceparentPropagation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The service the W3C Trace Context test harness drives: a JDK server traced by ziptrace with
 * W3C propagation alone. Each POST to {@code /test} carries a JSON array of {@code {"url": ...,
 * "arguments": [...]}}; for each element the handler POSTs {@code arguments} to {@code url} with
 * ziptrace's JDK client, as a child of the request's span, so the harness sees the {@code
 * traceparent} and {@code tracestate} ziptrace writes after reading what it was sent.
 */
final class TraceContextTestService implements AutoCloseable {
  private final Tracer tracer;
  private final TracedServers.Running server = TracedServers.start();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private TraceContextTestService() {
    // 128-bit ids, as a W3C service starts its traces with; nothing is reported
    tracer = Tracer.builder().localEndpoint(Endpoint.of("w3c_test_service")).traceId128Bit(true).build();
    TracingHttpClient client = TracingHttpClient.create(http,
        HttpClientTracing.builder(tracer).propagation(TraceparentPropagation.create()).build());
    server.context("/test", exchange -> {
      Span span = TracingFilter.span(exchange);
      JsonArray actions = new JsonArray(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      for (Object action : actions) {
        JsonObject call = (JsonObject) action;
        JsonArray arguments = call.getJsonArray("arguments", new JsonArray());
        HttpRequest request = HttpRequest.newBuilder(URI.create(call.getString("url"))).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(arguments.encode())).build();
        try {
          client.send(span.context(), request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).getFilters().add(TracingFilter.create(
        HttpServerTracing.builder(tracer).propagation(TraceparentPropagation.create()).build()));
  }

  /** The service, listening on a free loopback port. */
  static TraceContextTestService start() {
    return new TraceContextTestService();
  }

  /** The endpoint to give the harness. */
  URI endpoint() {
    return server.uri("/test");
  }

  @Override
  public void close() {
    server.close();
    tracer.close();
  }
}
