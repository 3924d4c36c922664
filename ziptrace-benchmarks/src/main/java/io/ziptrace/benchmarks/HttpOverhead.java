package io.ziptrace.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.reporting.AsyncReporter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The cost of tracing an HTTP server: one JDK HttpServer context untraced and one with {@link
 * TracingFilter} at 100% sampling (spans encoded and sent by the async reporter to a sender
 * that discards them), driven alternately by the same loopback load generator, 5 s a phase. Prints a
 * markdown table of requests/s and p50/p99 latency over all rounds, traced as a ratio to
 * untraced, and each round's throughput ratio with their median.
 */
public final class HttpOverhead {
  private static final long PHASE_NANOS = 5_000_000_000L;

  private HttpOverhead() {}

  /** Runs the comparison: {@code HttpOverhead [rounds]}, 8 rounds of both phases by default. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    // Without TCP_NODELAY the server's separate header and body writes meet delayed ACKs: 40 ms per request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    ExecutorService executor = Executors.newFixedThreadPool(LoopbackLoad.CLIENTS);
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
      LoopbackLoad.drive(URI.create(base + "/untraced"), PHASE_NANOS); // warm up both paths
      LoopbackLoad.drive(URI.create(base + "/traced"), PHASE_NANOS);
      // Alternate the phases so that warm-up and machine noise fall on both sides alike; each
      // round's ratio is kept, since the median of the rounds resists one noisy phase.
      LoopbackLoad untraced = null;
      LoopbackLoad traced = null;
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        LoopbackLoad u = LoopbackLoad.drive(URI.create(base + "/untraced"), PHASE_NANOS);
        LoopbackLoad t = LoopbackLoad.drive(URI.create(base + "/traced"), PHASE_NANOS);
        ratios[round] = t.perSecond() / u.perSecond();
        untraced = untraced == null ? u : untraced.plus(u);
        traced = traced == null ? t : traced.plus(t);
      }
      System.out.println(LoopbackLoad.HEADER);
      System.out.println(untraced.row("untraced"));
      System.out.println(traced.row("traced"));
      System.out.println(traced.ratioRow("traced / untraced", untraced));
      System.out.println();
      System.out.println("traced / untraced requests/s by round: " + Arrays.stream(ratios)
          .mapToObj(r -> String.format(Locale.ROOT, "%.3fx", r)).collect(Collectors.joining(", "))
          + "; median " + String.format(Locale.ROOT, "%.3fx", median(ratios)));
      System.out.println();
      System.out.println("spans reported: " + reporter.metrics().spansReported() + ", dropped: " + reporter.metrics().spansDropped());
    } finally {
      server.stop(0);
      executor.shutdownNow();
      tracer.close();
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
