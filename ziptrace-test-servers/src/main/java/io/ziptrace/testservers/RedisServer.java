package io.ziptrace.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real redis-server, the one Debian's {@code redis-server} package installs at
 * /usr/bin/redis-server (or the executable named by the environment variable {@code REDIS_SERVER}),
 * run as a child process on a free loopback port with no configuration file and no persistence.
 * CI installs it; a missing binary fails the test with one line saying how to install it.
 */
public final class RedisServer implements AutoCloseable {
  private static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/redis-server");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static RedisServer shared;

  private final int port;
  private final Process process;

  private RedisServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a server of the caller's own, for a test that stops it, and returns once it answers
   * {@code PING}; fails with the server's output otherwise.
   */
  public static RedisServer start() {
    Path executable = executable();
    int port = ChildServers.freePort();
    try {
      Path log = ChildServers.log("redis", port);
      Process process = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      RedisServer server = new RedisServer(port, process);
      if (!ChildServers.awaitReady(process, server::answersPing, START_TIMEOUT, Duration.ofMillis(20))) {
        server.close();
        throw new IllegalStateException("redis-server did not answer on port " + port + ":\n" + Files.readString(log));
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while redis-server started", e);
    }
  }

  /**
   * One server for the whole test run, started on first use and stopped when the JVM exits: for
   * tests that only send commands, so that each does not pay for a start.
   */
  public static synchronized RedisServer shared() {
    if (shared == null) {
      RedisServer server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      shared = server;
    }
    return shared;
  }

  /** The address the server listens on: 127.0.0.1. */
  public String host() {
    return "127.0.0.1";
  }

  /** The TCP port the server listens on, at {@link #host()}. */
  public int port() {
    return port;
  }

  /** The connection string of Vert.x's Redis client. */
  public String uri() {
    return "redis://" + host() + ":" + port;
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL if it hangs); clients lose their connections, as when
   * a server goes away in production.
   */
  @Override
  public void close() {
    ChildServers.stop(process, STOP_GRACE);
  }

  /** Whether the server answers an inline {@code PING} with {@code +PONG}. */
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = socket.getInputStream().readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static Path executable() {
    String override = System.getenv("REDIS_SERVER");
    Path executable = override != null ? Path.of(override) : DEFAULT_EXECUTABLE;
    if (!Files.isExecutable(executable)) {
      throw new AssertionError("no redis-server at " + executable
          + "; install it with apt-get install redis-server (or set REDIS_SERVER to its path)");
    }
    return executable;
  }
}
