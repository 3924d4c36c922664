package io.ziptrace.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server, the one Debian's {@code redis-server} package installs at
 * /usr/bin/redis-server (or the executable named by the environment variable {@code REDIS_SERVER}),
 * run as a child process on a free loopback port with no configuration file and no persistence.
 * CI installs it; a missing binary fails the test with one line saying how to install it.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static RedisServer shared;

  private final int port;
  private Process process;

  private RedisServer(int port) {
    this.port = port;
  }

  /** One server for the whole test run, started on first use and stopped when the JVM exits. */
  public static synchronized RedisServer shared() {
    if (shared == null) {
      RedisServer server = new RedisServer(ZipkinServer.freePort());
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      shared = server;
    }
    return shared;
  }

  /** Starts the server and waits until it answers {@code PING}; fails with its log otherwise. */
  private void start() {
    String override = System.getenv("REDIS_SERVER");
    Path executable = Path.of(override != null ? override : "/usr/bin/redis-server");
    if (!Files.isExecutable(executable)) {
      throw new AssertionError("no redis-server at " + executable
          + "; install it with apt-get install redis-server (or set REDIS_SERVER to its path)");
    }
    try {
      Path log = Files.createDirectories(Path.of("target")).resolve("redis-" + port + ".log");
      process = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--bind", host(),
          "--save", "", "--appendonly", "no", "--daemonize", "no")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!answersPing()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("redis-server did not answer on port " + port + ":\n"
              + Files.readString(log));
        }
        process.waitFor(20, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The address the server listens on. */
  public String host() {
    return "127.0.0.1";
  }

  /** The TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** The connection string of Vert.x's Redis client. */
  public String uri() {
    return "redis://" + host() + ":" + port;
  }

  /** Stops the server (SIGTERM, then SIGKILL if it hangs). */
  @Override
  public synchronized void close() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Whether the server answers an inline {@code PING} with {@code +PONG}. */
  private boolean answersPing() {
    try (Socket socket = new Socket(InetAddress.getByName(host()), port)) {
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException notYet) {
      return false;
    }
  }
}
