package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.micrometer.ZiptraceMicrometer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link PeerApplication} in a child JVM traced by Spring Boot's own Brave bridge, as an
 * application with {@code spring-boot-starter-zipkin} is: its class path is this JVM's without this
 * module's auto-configuration and ziptrace's Micrometer bridge (the starter refuses to start beside
 * Brave), plus the jars that starter brings, which the build copies to the folder named by system
 * property {@code brave.bridge.dir}. Its output goes to {@code target/<name>.log}; its port is read
 * from Boot's "Tomcat started on port" line. {@link #close()} kills it.
 */
final class BraveApplicationProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private BraveApplicationProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::copyOutput, "brave-app-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the application named {@code name} ({@code spring.application.name}) on a free loopback
   * port, with Boot's command-line {@code arguments} after those.
   */
  static BraveApplicationProcess start(String name, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath(), PeerApplication.class.getName(),
        "--server.port=0", "--server.address=127.0.0.1", "--spring.application.name=" + name));
    command.addAll(arguments);
    Path log = Path.of("target", name + ".log");
    return new BraveApplicationProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
  }

  /** Waits until the application listens, and returns its base URL. */
  URI url() throws InterruptedException {
    try {
      return URI.create("http://127.0.0.1:" + port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the Brave application did not start within " + START_TIMEOUT.toSeconds()
          + " s; see " + log.toAbsolutePath());
    }
  }

  /** Kills the application and waits a little for it to go. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** This JVM's class path with ziptrace's bridge and auto-configuration swapped for Boot's Brave bridge. */
  private static String classPath() throws IOException {
    Set<Path> ziptrace = Set.of(location(ZiptraceTracingAutoConfiguration.class), location(ZiptraceMicrometer.class));
    List<String> all = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> entries = all.stream().filter(entry -> !ziptrace.contains(Path.of(entry).toAbsolutePath().normalize()))
        .collect(Collectors.toCollection(ArrayList::new));
    if (all.size() - entries.size() != ziptrace.size()) {
      throw new IllegalStateException("the class path " + all + " does not name each of " + ziptrace + " once");
    }
    try (Stream<Path> jars = Files.list(Path.of(System.getProperty("brave.bridge.dir")))) {
      jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> entries.add(jar.toString()));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the child's output to its log file, completing {@link #port} at Boot's start line. */
  private void copyOutput() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.println(line);
        Matcher started = STARTED.matcher(line);
        if (started.find()) port.complete(Integer.parseInt(started.group(1)));
      }
    } catch (IOException e) {
      port.completeExceptionally(new UncheckedIOException("reading the Brave application's output", e));
    } finally {
      port.completeExceptionally(new IllegalStateException("the Brave application stopped before it listened"
          + exitCode() + "; see " + log.toAbsolutePath()));
    }
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
