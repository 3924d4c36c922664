package io.ziptrace.it;

import io.ziptrace.examples.run.ZipkinProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import zipkin2.DependencyLink;
import zipkin2.Span;
import zipkin2.codec.DependencyLinkBytesDecoder;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A real Zipkin server, the {@code zipkin-server} exec jar run as a child process on a free
 * loopback port, with the queries the tests need.
 */
public final class ZipkinServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static ZipkinServer shared;

  private final URI baseUrl;
  private final Map<String, String> environment;
  private ZipkinProcess process;

  private ZipkinServer(URI baseUrl, Map<String, String> environment) {
    this.baseUrl = baseUrl;
    this.environment = Map.copyOf(environment);
  }

  /** One server for the whole test run, started on first use and stopped when the JVM exits. */
  public static synchronized ZipkinServer shared() {
    if (shared == null) {
      shared = onFreePort();
      shared.start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A server that is not started yet, on a port that is free now. */
  public static ZipkinServer onFreePort() {
    return onFreePort(Map.of());
  }

  /**
   * A server that is not started yet, on a port that is free now, that will run with {@code
   * environment} (e.g. {@code KAFKA_BOOTSTRAP_SERVERS}).
   */
  public static ZipkinServer onFreePort(Map<String, String> environment) {
    return new ZipkinServer(URI.create("http://127.0.0.1:" + freePort()), environment);
  }

  /**
   * A server that is not started yet, on a port that is free now, that will also consume spans
   * from Kafka: topic {@code zipkin}, consumer group {@code zipkin}, at {@code bootstrapServers}.
   */
  public static ZipkinServer withKafkaCollector(String bootstrapServers) {
    return onFreePort(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
  }

  /** A loopback port nothing listens on at the moment. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server and waits until it is healthy. */
  public synchronized void start() {
    String jar = System.getProperty("zipkin.server.jar");
    if (jar == null) throw new IllegalStateException("system property zipkin.server.jar is not set");
    Path log = Path.of("target", "zipkin-" + baseUrl.getPort() + ".log");
    try {
      process = ZipkinProcess.startOrReuse(baseUrl, Path.of(jar), log, START_TIMEOUT, environment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server, if it runs. */
  @Override
  public synchronized void close() {
    if (process != null) process.close();
    process = null;
  }

  /** Where spans are POSTed. */
  public String spansUrl() {
    return baseUrl.resolve("/api/v2/spans").toString();
  }

  /** The server's base URL. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The spans of a trace, or an empty list when Zipkin does not have it (yet). */
  public List<Span> trace(String traceId) {
    HttpResponse<byte[]> response = get("/api/v2/trace/" + traceId);
    if (response.statusCode() == 404) return List.of();
    return SpanBytesDecoder.JSON_V2.decodeList(response.body());
  }

  /**
   * The spans of several traces in one query ({@code /api/v2/traceMany}), all in one list; the
   * traces Zipkin does not have (yet) are missing from it.
   */
  public List<Span> traceMany(Collection<String> traceIds) {
    if (traceIds.isEmpty()) return List.of();
    if (traceIds.size() == 1) return trace(traceIds.iterator().next()); // traceMany refuses a single id (400)
    HttpResponse<byte[]> response = get("/api/v2/traceMany?traceIds=" + String.join(",", traceIds));
    if (response.statusCode() == 404) return List.of();
    if (response.statusCode() != 200) throw new AssertionError("traceMany answered " + response.statusCode());
    List<Span> spans = new ArrayList<>();
    for (byte[] trace : JsonArrays.elements(response.body())) spans.addAll(SpanBytesDecoder.JSON_V2.decodeList(trace));
    return spans;
  }

  /**
   * Waits, at most 60 s, until each trace has at least {@code count} spans, querying them 100 at a
   * time, and returns the spans by trace id; a trace still short at the deadline is returned as is.
   */
  public Map<String, List<Span>> awaitTraces(Collection<String> traceIds, int count) {
    Map<String, List<Span>> traces = new HashMap<>();
    List<String> missing = new ArrayList<>(traceIds);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!missing.isEmpty()) {
      for (int from = 0; from < missing.size(); from += 100) {
        List<String> batch = missing.subList(from, Math.min(missing.size(), from + 100));
        traces.putAll(traceMany(batch).stream().collect(Collectors.groupingBy(Span::traceId)));
      }
      missing.removeIf(id -> traces.getOrDefault(id, List.of()).size() >= count);
      if (missing.isEmpty() || System.nanoTime() > deadline) break;
      pause();
    }
    return traces;
  }

  /** Waits until the trace has {@code count} spans, and returns them. */
  public List<Span> awaitTrace(String traceId, int count) {
    return await(() -> trace(traceId), spans -> spans.size() >= count, "trace " + traceId + " with " + count + " spans");
  }

  /** The dependency links Zipkin derives from stored traces. */
  public List<DependencyLink> dependencies() {
    long now = System.currentTimeMillis();
    HttpResponse<byte[]> response = get("/api/v2/dependencies?endTs=" + now + "&lookback=3600000");
    return DependencyLinkBytesDecoder.JSON_V1.decodeList(response.body());
  }

  /** Spans Zipkin's HTTP collector has received since it started. */
  public long spansCollected() {
    return counter("counter.zipkin_collector.spans.http");
  }

  /**
   * Spans Zipkin's Kafka collector has read from the topic since it started; 0 before its first
   * message, when Zipkin has no such counter yet.
   */
  public long spansCollectedFromKafka() {
    return counter("counter.zipkin_collector.spans.kafka", 0L);
  }

  /** Messages Zipkin's HTTP collector has received since it started. */
  public long messagesCollected() {
    return counter("counter.zipkin_collector.messages.http");
  }

  /** Polls {@code query} until its result satisfies {@code done}; fails after 30 s. */
  public static <T> T await(java.util.function.Supplier<T> query, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = query.get();
      if (done.test(last)) return last;
      pause();
    }
    throw new AssertionError("waited 30 s for " + what + "; last saw " + last);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long counter(String name) {
    return counter(name, null);
  }

  /** The counter's value, or {@code absent} when Zipkin has no such counter (null: fail). */
  private long counter(String name, Long absent) {
    String json = new String(get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*([0-9.E]+)").matcher(json);
    if (!m.find()) {
      if (absent != null) return absent;
      throw new AssertionError("no " + name + " in Zipkin's metrics");
    }
    return (long) Double.parseDouble(m.group(1));
  }

  private HttpResponse<byte[]> get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
