package io.ziptrace.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.Sender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The cost of tracing an HTTP server: one JDK HttpServer context untraced and one with {@link
 * TracingFilter} at 100% sampling (spans encoded and sent by the async reporter to a sender
 * that discards them), driven alternately by the same loopback load generator. Prints a markdown
 * table of requests/s and p50/p99 latency, traced as a ratio to untraced.
 */
public final class HttpOverhead {
  private static final int CLIENTS = 8;
  private static final long PHASE_NANOS = 5_000_000_000L;

  private HttpOverhead() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws Exception {
    // Without TCP_NODELAY the server's separate header and body writes meet delayed ACKs: 40 ms per request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    ExecutorService executor = Executors.newFixedThreadPool(CLIENTS);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    AsyncReporter reporter = AsyncReporter.create(new DiscardingSender());
    Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(reporter).build();
    byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    com.sun.net.httpserver.HttpHandler hello = exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    };
    server.createContext("/untraced", hello);
    server.createContext("/traced", hello).getFilters().add(TracingFilter.create(tracer));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      drive(URI.create(base + "/untraced"), PHASE_NANOS); // warm up both paths
      drive(URI.create(base + "/traced"), PHASE_NANOS);
      // Alternate the phases so that warm-up and machine noise fall on both sides alike.
      Load untraced = drive(URI.create(base + "/untraced"), PHASE_NANOS);
      Load traced = drive(URI.create(base + "/traced"), PHASE_NANOS);
      for (int round = 0; round < 2; round++) {
        untraced = untraced.plus(drive(URI.create(base + "/untraced"), PHASE_NANOS));
        traced = traced.plus(drive(URI.create(base + "/traced"), PHASE_NANOS));
      }
      System.out.println("| server | requests/s | p50 µs | p99 µs |");
      System.out.println("|---|---:|---:|---:|");
      System.out.println(untraced.row("untraced"));
      System.out.println(traced.row("traced"));
      System.out.printf(Locale.ROOT, "| traced / untraced | %.3fx | %+.0f µs | %+.0f µs |%n",
          traced.perSecond() / untraced.perSecond(), traced.percentile(50) - untraced.percentile(50),
          traced.percentile(99) - untraced.percentile(99));
      System.out.println();
      System.out.println("spans reported: " + reporter.metrics().spansReported() + ", dropped: " + reporter.metrics().spansDropped());
    } finally {
      server.stop(0);
      executor.shutdownNow();
      tracer.close();
    }
  }

  private static Load drive(URI uri, long nanos) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(uri).build();
    long[][] latencies = new long[CLIENTS][];
    int[] counts = new int[CLIENTS];
    Thread[] threads = new Thread[CLIENTS];
    long deadline = System.nanoTime() + nanos;
    for (int c = 0; c < CLIENTS; c++) {
      int client0 = c;
      threads[c] = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
          mine[n++] = System.nanoTime() - start;
        }
        latencies[client0] = mine;
        counts[client0] = n;
      });
      threads[c].start();
    }
    for (Thread thread : threads) thread.join();
    int total = 0;
    for (int count : counts) total += count;
    long[] all = new long[total];
    int pos = 0;
    for (int c = 0; c < CLIENTS; c++) {
      System.arraycopy(latencies[c], 0, all, pos, counts[c]);
      pos += counts[c];
    }
    return new Load(all, nanos);
  }

  /** Latencies of one or more phases, and their total duration. */
  private static final class Load {
    final long[] latencies;
    final long nanos;

    Load(long[] latencies, long nanos) {
      this.latencies = latencies;
      this.nanos = nanos;
      Arrays.sort(latencies);
    }

    Load plus(Load other) {
      long[] merged = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
      System.arraycopy(other.latencies, 0, merged, latencies.length, other.latencies.length);
      return new Load(merged, nanos + other.nanos);
    }

    double perSecond() {
      return latencies.length / (nanos / 1e9);
    }

    double percentile(int p) {
      return latencies[(int) Math.min(latencies.length - 1, latencies.length * (long) p / 100)] / 1e3;
    }

    String row(String name) {
      return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", name, perSecond(), percentile(50), percentile(99));
    }
  }

  /** A sender that accepts and discards, so only the tracing side is measured. */
  private static final class DiscardingSender implements Sender {
    @Override
    public Encoding encoding() {
      return Encoding.JSON;
    }

    @Override
    public int messageMaxBytes() {
      return 500_000;
    }

    @Override
    public void send(byte[] message, int spanCount) {}

    @Override
    public void close() {}
  }
}
