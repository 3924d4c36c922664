package io.ziptrace.examples.run;

import io.ziptrace.internal.Phrases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Zipkin server for the examples: one already answering at a base URL, or the Zipkin server
 * jar started as a child process on that URL's loopback port.
 */
public final class ZipkinProcess implements AutoCloseable {
  private static final int PROBE_SECONDS = 2;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(PROBE_SECONDS)).build();

  private final URI baseUrl;
  private final Process process;

  private ZipkinProcess(URI baseUrl, Process process) {
    this.baseUrl = baseUrl;
    this.process = process;
  }

  /**
   * Returns the Zipkin answering at {@code baseUrl}, starting {@code serverJar} on its port when
   * nothing answers there yet.
   *
   * @param baseUrl e.g. {@code http://127.0.0.1:9411}
   * @param serverJar the {@code zipkin-server} exec jar
   * @param log where the server's output goes
   * @param startTimeout how long to wait for a started server to become healthy
   */
  public static ZipkinProcess startOrReuse(URI baseUrl, Path serverJar, Path log, Duration startTimeout)
      throws IOException, InterruptedException {
    return startOrReuse(baseUrl, serverJar, log, startTimeout, Map.of());
  }

  /**
   * As {@link #startOrReuse(URI, Path, Path, Duration)}, starting the server with {@code
   * environment} added to this process's, e.g. {@code KAFKA_BOOTSTRAP_SERVERS} to enable
   * Zipkin's Kafka collector. A server already answering is reused as it is.
   */
  public static ZipkinProcess startOrReuse(URI baseUrl, Path serverJar, Path log, Duration startTimeout,
      Map<String, String> environment) throws IOException, InterruptedException {
    if (isHealthy(baseUrl)) return new ZipkinProcess(baseUrl, null);
    if (serverJar == null || !Files.isRegularFile(serverJar)) {
      throw new IOException("No Zipkin answers at " + baseUrl + " and no Zipkin server jar was given to start one");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // In-memory storage holds up to 500,000 spans (MEM_MAX_SPANS); with 512 MB, Zipkin ran out of heap
    // near 300,000 spans and its Kafka collector stopped reading.
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(serverJar.toString());
    // Zipkin 3 serves through Armeria, which ignores --server.address: without these it listens on every interface.
    command.add("--armeria.ports[0].ip=" + baseUrl.getHost());
    command.add("--armeria.ports[0].port=" + baseUrl.getPort());
    command.add("--armeria.ports[0].protocols=http");
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    ZipkinProcess zipkin = new ZipkinProcess(baseUrl, process);
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (!isHealthy(baseUrl)) {
      if (!process.isAlive()) {
        throw new IOException("Zipkin server exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        zipkin.close();
        throw new IOException("Zipkin server did not become healthy within " + Phrases.duration(startTimeout)
            + "; see " + log);
      }
      Thread.sleep(200); // polling a child process that offers no readiness signal
    }
    return zipkin;
  }

  /** A Zipkin run elsewhere, used as is: never started or stopped here. */
  public static ZipkinProcess existing(URI baseUrl) {
    return new ZipkinProcess(baseUrl, null);
  }

  /** Whether a Zipkin server answers {@code GET /health} at {@code baseUrl}. */
  public static boolean isHealthy(URI baseUrl) throws InterruptedException {
    try {
      return get(baseUrl.resolve("/health"), REQUEST_TIMEOUT).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Why no HTTP server answers at {@code baseUrl}, in a few words (e.g. {@code connection
   * refused}), or empty when one answers, whatever its status. Takes at most about 2 s.
   */
  public static Optional<String> whyNothingAnswers(URI baseUrl) throws InterruptedException {
    try {
      get(baseUrl.resolve("/health"), Duration.ofSeconds(PROBE_SECONDS));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(ConnectFailures.describe(e));
    }
  }

  /** Whether this object started the server (and so stops it on {@link #close()}). */
  public boolean startedHere() {
    return process != null;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:9411}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Where spans are POSTed: {@code {base}/api/v2/spans}. */
  public String spansUrl() {
    return baseUrl.resolve("/api/v2/spans").toString();
  }

  /** The page of a trace in the Zipkin UI. */
  public String traceUiUrl(String traceId) {
    return baseUrl.resolve("/zipkin/traces/" + traceId).toString();
  }

  /**
   * The UI's Dependencies page for a demo whose first request was at {@code firstRequest}, with
   * a time window so that it draws the graph on opening instead of waiting for "Run query".
   */
  public String dependenciesUiUrl(Instant firstRequest) {
    // An hour before the first request also shows earlier runs' traces in a reused Zipkin; the
    // end an hour ahead keeps the link good while browsing, so a reload adds new requests.
    return dependenciesUiUrl(firstRequest.minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
  }

  /** The UI's Dependencies page showing the calls between {@code start} and {@code end}. */
  public String dependenciesUiUrl(Instant start, Instant end) {
    return baseUrl.resolve("/zipkin/dependency?startTime=" + start.toEpochMilli() + "&endTime=" + end.toEpochMilli())
        .toString();
  }

  /**
   * Waits until Zipkin returns the trace with at least {@code spanCount} spans, and returns its
   * JSON; returns {@code null} when the timeout passes first.
   */
  public String awaitTrace(String traceId, int spanCount, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      try {
        HttpResponse<String> response = get(baseUrl.resolve("/api/v2/trace/" + traceId), REQUEST_TIMEOUT);
        if (response.statusCode() == 200 && countSpans(response.body()) >= spanCount) return response.body();
      } catch (IOException e) {
        // not there yet, or the server is briefly busy: try again until the deadline
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return null;
  }

  /** The server's process id; empty when it was not started here. */
  public OptionalLong pid() {
    return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
  }

  /** The CPU time the server used so far, all its threads; empty when it was not started here. */
  public Optional<Duration> cpuTime() {
    return process == null ? Optional.empty() : process.toHandle().info().totalCpuDuration();
  }

  /** Stops the server if it was started here. */
  @Override
  public void close() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Counts the spans in a Zipkin v2 JSON list: every span has exactly one {@code "traceId"} field. */
  static int countSpans(String json) {
    int count = 0;
    for (int i = json.indexOf("\"traceId\":"); i >= 0; i = json.indexOf("\"traceId\":", i + 1)) count++;
    return count;
  }

  private static HttpResponse<String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
