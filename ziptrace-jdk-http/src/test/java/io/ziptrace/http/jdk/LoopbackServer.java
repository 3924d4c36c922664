package io.ziptrace.http.jdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/** A JDK HttpServer on a free loopback port, run by an executor of its own; closing stops both. */
final class LoopbackServer implements AutoCloseable {
  final HttpServer server;
  private final ExecutorService executor;

  LoopbackServer(ExecutorService executor) throws IOException {
    this.executor = executor;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
