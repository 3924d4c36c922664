package io.ziptrace.it.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The server conformance suite against {@code com.sun.net.httpserver} with {@link TracingFilter}. */
class JdkServerConformanceTest extends HttpServerConformance {
  @Override
  ServerUnderTest newServer() {
    return new JdkServer();
  }

  /** One context per route template, since the JDK server routes by path prefix only. */
  static final class JdkServer implements ServerUnderTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;

    @Override
    public int start(HttpServerTracing tracing) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      TracingFilter filter = TracingFilter.create(tracing);
      server.createContext("/", JdkServer::dispatch).getFilters().add(filter);
      HttpHandler item = exchange -> respond(exchange, 200);
      HttpHandler asyncItem = exchange -> CompletableFuture.runAsync(() -> respondQuietly(exchange, 200));
      server.createContext("/items/", item).getFilters().add(filter.withRoute("/items/{id}"));
      server.createContext("/nested/items/", item).getFilters().add(filter.withRoute("/nested/items/{id}"));
      server.createContext("/async/items/", asyncItem).getFilters().add(filter.withRoute("/async/items/{id}"));
      server.start();
      return server.getAddress().getPort();
    }

    @Override
    public String itemsRoute() {
      return "/items/{id}";
    }

    private static void dispatch(HttpExchange exchange) throws IOException {
      String path = exchange.getRequestURI().getPath();
      switch (exchange.getRequestMethod() + " " + path) {
        case "OPTIONS /", "GET /ok" -> respond(exchange, 200);
        case "GET /async" -> CompletableFuture.runAsync(() -> respondQuietly(exchange, 200));
        case "GET /child" -> {
          TracingFilter.span(exchange).newChild("child").start().finish();
          respond(exchange, 200);
        }
        case "GET /badrequest" -> respond(exchange, 400);
        case "GET /exception" -> {
          exchange.sendResponseHeaders(503, 0);
          // The JDK server closes the connection when a handler throws; flushed, the status is
          // on the wire first, so the client sees the 503 (unflushed, it may see nothing).
          exchange.getResponseBody().flush();
          throw new IllegalStateException("not ready");
        }
        // Thrown on another thread, the failure reaches the span the way the JDK adapter documents.
        case "GET /exceptionAsync" -> CompletableFuture.runAsync(() -> {
          try {
            exchange.sendResponseHeaders(503, 0);
            throw new IllegalStateException("not ready");
          } catch (IOException | RuntimeException e) {
            TracingFilter.span(exchange).error(e);
            exchange.close();
          }
        });
        default -> respond(exchange, 404);
      }
    }

    private static void respondQuietly(HttpExchange exchange, int status) {
      try {
        respond(exchange, status);
      } catch (IOException e) {
        exchange.close();
      }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
      byte[] body = Integer.toString(status).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    @Override
    public void close() {
      if (server != null) server.stop(0);
      executor.shutdownNow();
    }
  }
}
