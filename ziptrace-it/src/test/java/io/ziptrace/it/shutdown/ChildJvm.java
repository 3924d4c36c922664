package io.ziptrace.it.shutdown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class of the test sources run in a separate {@code java} process, on this JVM's class
 * path, its standard output and error read line by line as they come (merged, in the order the
 * child wrote them). {@link #close()} kills it if it still runs.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Thread reader;
  private final List<String> lines = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::readLines, "child-jvm-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args} in a new JVM with this one's class path. */
  static ChildJvm start(Class<?> mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits, at most {@code timeout}, for a line matching {@code wanted}, and returns it. */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (wanted.test(lines.get(seen))) return lines.get(seen);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!reader.isAlive() && seen == lines.size())) {
          throw new AssertionError("the child JVM wrote no such line within " + timeout.toMillis() + " ms"
              + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; it wrote:\n" + output());
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /**
   * Asks the child to stop as a service manager does, with SIGTERM, so that its JVM runs its
   * shutdown hooks. Through {@link ProcessHandle#destroy()}: {@code Process.destroy()} sends
   * SIGTERM too, but also closes this side of the child's output, and what the hooks write would
   * be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /**
   * Waits, at most {@code timeout}, for the child to exit and for its last line to be read, and
   * returns its exit code; fails if it still runs then.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("the child JVM still runs after " + timeout.toMillis() + " ms; it wrote:\n" + output());
    }
    reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1_000);
    return process.exitValue();
  }

  /** Everything the child wrote so far, one line each. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Everything the child wrote so far, as one text. */
  String output() {
    return String.join("\n", lines());
  }

  /** Kills the child if it still runs, and waits a little for it to go. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the stream closes when the child is killed: what was read so far stays
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }
}
