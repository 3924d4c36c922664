package io.ziptrace.it.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HttpServer on a free loopback port, with its own executor, stopped on close. */
public final class TracedServers {
  private TracedServers() {}

  /** A started server whose contexts the caller adds; {@link Running#close()} stops it. */
  public static Running start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newFixedThreadPool(4);
      server.setExecutor(executor);
      server.start();
      return new Running(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running server. */
  public static final class Running implements AutoCloseable {
    final HttpServer server;
    private final ExecutorService executor;

    Running(HttpServer server, ExecutorService executor) {
      this.server = server;
      this.executor = executor;
    }

    /** Serves {@code path} with {@code handler}. */
    public com.sun.net.httpserver.HttpContext context(String path, HttpHandler handler) {
      return server.createContext(path, handler);
    }

    /** The URI of {@code path} on this server. */
    public URI uri(String path) {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
