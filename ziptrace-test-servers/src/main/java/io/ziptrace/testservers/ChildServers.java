package io.ziptrace.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What starting a server as a child process on loopback takes, whichever server it is. */
final class ChildServers {
  private ChildServers() {
  }

  /** A TCP port that nothing listens on at the loopback address now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file a server's output goes to: {@code target/<name>-<port>.log}, relative to the working directory. */
  static Path log(String name, int port) throws IOException {
    return Files.createDirectories(Path.of("target")).resolve(name + "-" + port + ".log");
  }

  /**
   * Returns once {@code ready} holds, checking it every {@code poll}; false if {@code process}
   * exits first or {@code timeout} passes. Waiting on the process, not sleeping, returns at once
   * when it exits.
   */
  static boolean awaitReady(Process process, BooleanSupplier ready, Duration timeout, Duration poll)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > deadline) return false;
      process.waitFor(poll.toMillis(), TimeUnit.MILLISECONDS);
    }
    return true;
  }

  /** Asks {@code process} to stop, and kills it if it has not within {@code grace}. */
  static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
