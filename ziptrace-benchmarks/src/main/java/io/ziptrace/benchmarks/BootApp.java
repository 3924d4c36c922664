package io.ziptrace.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Boot overhead benchmark's application (module ziptrace-benchmarks-spring) running in a child
 * JVM on one of that module's class path files, listening on a free loopback port. Its output goes
 * to a log file; the port comes from the line the application prints once it serves.
 */
final class BootApp implements AutoCloseable {
  private static final String MAIN_CLASS = "io.ziptrace.benchmarks.spring.UsersApplication";
  /** What {@code UsersApplication} prints, followed by the port, once it serves. */
  private static final String PORT_LINE = "listening on port ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  final String name;
  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private BootApp(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    Thread copier = new Thread(() -> copyOutput(log), "output of " + name);
    copier.setDaemon(true);
    copier.start();
  }

  /**
   * Starts the application.
   *
   * @param appTarget the application module's {@code target} directory: its classes and class path files
   * @param classPathFile which class path file there, e.g. {@code classpath-brave.txt}
   * @param jvmOptions the child JVM's options, e.g. its heap
   * @param appArguments Spring Boot's command-line arguments ({@code --name=value})
   */
  static BootApp start(String name, Path appTarget, String classPathFile, List<String> jvmOptions,
      List<String> appArguments) throws IOException {
    String classPath = appTarget.resolve("classes") + java.io.File.pathSeparator
        + Files.readString(appTarget.resolve(classPathFile)).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(MAIN_CLASS);
    command.addAll(appArguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new BootApp(name, process, Path.of("target", "boot-" + name + ".log"));
  }

  /** The benchmark's URL on this application, once it serves. */
  URI uri() throws Exception {
    try {
      return URI.create("http://127.0.0.1:" + port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) + "/users/42");
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + "; see target/boot-" + name
          + ".log", e);
    }
  }

  /** The child JVM's CPU time so far, all its threads. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("this platform does not report a process's CPU time")).toNanos();
  }

  private void copyOutput(Path log) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log)) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith(PORT_LINE)) port.complete(Integer.parseInt(line.substring(PORT_LINE.length()).trim()));
        out.write(line);
        out.write('\n');
        out.flush();
      }
      port.completeExceptionally(new IllegalStateException(name + " exited; see " + log));
    } catch (IOException e) {
      port.completeExceptionally(new UncheckedIOException(e));
    }
  }

  /** Stops the application as a user would (Spring Boot closes its context, and the reporter sends what is queued). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
