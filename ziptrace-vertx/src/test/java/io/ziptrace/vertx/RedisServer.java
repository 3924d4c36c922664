package io.ziptrace.vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server as a child process on a free loopback port, without configuration file or
 * persistence. The binary is the one Debian's {@code redis-server} package installs (CI installs
 * it), or the one the environment variable {@code REDIS_SERVER} names; without it the test fails,
 * saying how to install it.
 */
final class RedisServer implements AutoCloseable {
  private static final Path DEFAULT_BINARY = Path.of("/usr/bin/redis-server");
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final int port;
  private final Process process;

  private RedisServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts a server and returns once it accepts connections. */
  static RedisServer start() throws IOException, InterruptedException {
    Path binary = binary();
    int port = freePort();
    Path log = Files.createDirectories(Path.of("target")).resolve("redis-" + port + ".log");
    Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    RedisServer server = new RedisServer(port, process);
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (!server.accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + Files.readString(log));
      }
      process.waitFor(20, TimeUnit.MILLISECONDS); // returns at once if it exits
    }
    return server;
  }

  /** The port the server listens on, at 127.0.0.1. */
  int port() {
    return port;
  }

  /** The URI a Vert.x Redis client connects with. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Stops the server at once, as a crash would: clients lose their connections. */
  @Override
  public void close() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static Path binary() {
    String override = System.getenv("REDIS_SERVER");
    Path binary = override != null ? Path.of(override) : DEFAULT_BINARY;
    if (!Files.isExecutable(binary)) {
      throw new AssertionError("redis-server not found at " + binary
          + "; install it with apt-get install redis-server (or set REDIS_SERVER to its path)");
    }
    return binary;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
