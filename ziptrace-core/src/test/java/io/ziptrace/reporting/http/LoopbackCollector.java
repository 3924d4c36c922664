package io.ziptrace.reporting.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HTTP server on a free loopback port, standing in for a collector in the sender's tests. */
final class LoopbackCollector implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  LoopbackCollector() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
  }

  /** Answers requests to {@code path} with {@code handler}; call before {@link #start()}. */
  LoopbackCollector handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  LoopbackCollector start() {
    server.start();
    return this;
  }

  /** The URL of {@code path} on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
