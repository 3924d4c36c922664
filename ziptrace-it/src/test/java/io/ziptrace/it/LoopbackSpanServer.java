package io.ziptrace.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** Starts the test collectors' HTTP servers: a free loopback port, one span endpoint. */
final class LoopbackSpanServer {
  /** Answers one POST to {@code /api/v2/spans} whose body has been read whole. */
  @FunctionalInterface
  interface BodyHandler {
    /** Answers the exchange. */
    void handle(HttpExchange exchange, byte[] body) throws IOException;
  }

  private LoopbackSpanServer() {}

  /** Starts a server on a free loopback port that hands each POSTed body to {@code handler}. */
  static HttpServer start(Executor executor, BodyHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/api/v2/spans", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      handler.handle(exchange, body);
    });
    server.start();
    return server;
  }
}
