package io.ziptrace.it.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.TraceContext;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baggage conformance suite against {@code com.sun.net.httpserver} with {@link TracingFilter},
 * whose handler calls with {@link TracingHttpClient}.
 */
class JdkBaggageConformanceTest extends BaggageConformance {
  @Override
  RelayUnderTest newRelay() {
    return new JdkRelay();
  }

  /** The handler reads the context with {@link TracingFilter#span} and passes it to each call. */
  static final class JdkRelay implements RelayUnderTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private TracingHttpClient http;

    @Override
    public int start(HttpServerTracing serverTracing, HttpClientTracing clientTracing) throws IOException {
      http = TracingHttpClient.create(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(WAIT).build(), clientTracing);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/relay", this::relay).getFilters().add(TracingFilter.create(serverTracing));
      server.start();
      return server.getAddress().getPort();
    }

    private void relay(HttpExchange exchange) throws IOException {
      TraceContext context = TracingFilter.span(exchange).context();
      int status = 200;
      String body = RelayOrder.answer(context);
      try {
        for (RelayOrder.Call call : RelayOrder.parse(exchange.getRequestURI().getRawQuery()).calls(context)) {
          HttpRequest request = HttpRequest.newBuilder(URI.create(call.url())).timeout(WAIT).build();
          http.send(call.parent(), request, BodyHandlers.discarding());
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        status = 500;
        body = "the relay's call failed: " + e;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      if (server != null) server.stop(0);
      executor.shutdownNow();
    }
  }
}
