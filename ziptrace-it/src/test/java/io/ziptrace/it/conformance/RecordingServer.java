package io.ziptrace.it.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The untraced loopback server the client conformance tests call. It records every request and
 * answers by path: {@code /foo} redirects (302) to {@code /bar}, which is not found (404);
 * {@code /badrequest} is 400; {@code /drop} closes the connection without an answer; a request
 * with a body gets it echoed; anything else is 200.
 */
final class RecordingServer implements AutoCloseable {
  /** A request as the server received it; header names in lower case, every field of a header apart. */
  record Received(String method, String rawPathAndQuery, Map<String, List<String>> headers, String body) {
    /** The first value of the header, or null. */
    String header(String name) {
      List<String> values = headers(name);
      return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of the header, in the order received. */
    List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpServer server;

  RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The URL of {@code pathAndQuery} on this server, e.g. {@code url("/foo")}. */
  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  /** The next request received, waiting up to {@code timeout}; fails when none came. */
  Received take(Duration timeout) throws InterruptedException {
    Received next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) throw new AssertionError("the server received no request within " + timeout);
    return next;
  }

  /** The requests received so far and not yet taken. */
  List<Received> drain() {
    List<Received> all = new ArrayList<>();
    received.drainTo(all);
    return all;
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    received.add(new Received(exchange.getRequestMethod(), query == null ? path : path + "?" + query, headers, body));
    switch (path) {
      case "/foo" -> {
        exchange.getResponseHeaders().set("Location", "/bar");
        respond(exchange, 302, "");
      }
      case "/bar" -> respond(exchange, 404, "not found");
      case "/badrequest" -> respond(exchange, 400, "bad request");
      // The server closes the connection of an exchange whose handler throws before answering.
      case "/drop" -> throw new IOException("dropping the connection on purpose");
      default -> respond(exchange, 200, body.isEmpty() ? "ok" : body);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
