package io.ziptrace.benchmarks;

import brave.Tracing;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import zipkin2.reporter.InMemoryReporterMetrics;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * End to end: spans from several threads through one library's real HTTP reporting into a real
 * Zipkin, with that library's default queue settings. Run once per library, each in its own JVM
 * so its peak RSS is its own. Prints one line: {@code library spans seconds spans/s dropped rssMB}.
 *
 * <p>Usage: {@code EndToEnd ziptrace|brave <spansUrl> [spans] [threads]}
 */
public final class EndToEnd {
  private EndToEnd() {}

  /** Runs one library; see the class comment. */
  public static void main(String[] args) throws Exception {
    String library = args[0];
    String url = args[1];
    int spans = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    long start = System.nanoTime();
    long dropped = library.equals("ziptrace") ? runZiptrace(url, spans, threads) : runBrave(url, spans, threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s %d %.2f %.0f %d %d%n", library, spans, seconds, spans / seconds, dropped, peakRssMegabytes());
  }

  private static long runZiptrace(String url, int spans, int threads) throws InterruptedException {
    AsyncReporter reporter = AsyncReporter.create(HttpSender.create(url));
    try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(reporter).build()) {
      inParallel(threads, spans / threads, () -> Fixtures.finishSpan(tracer));
    } // close() flushes
    return reporter.metrics().spansDropped();
  }

  private static long runBrave(String url, int spans, int threads) throws InterruptedException {
    InMemoryReporterMetrics metrics = new InMemoryReporterMetrics();
    URLConnectionSender sender = URLConnectionSender.create(url);
    AsyncZipkinSpanHandler handler = AsyncZipkinSpanHandler.newBuilder(sender).metrics(metrics).build();
    Tracing tracing = Tracing.newBuilder().localServiceName("frontend").localIp("10.1.2.3").localPort(8080)
        .addSpanHandler(handler).build();
    brave.Tracer tracer = tracing.tracer();
    inParallel(threads, spans / threads, () -> Fixtures.finishSpan(tracer));
    tracing.close();
    handler.close(); // flushes
    sender.close();
    return metrics.spansDropped();
  }

  private static void inParallel(int threads, int perThread, Runnable work) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(() -> {
        for (int i = 0; i < perThread; i++) work.run();
        done.countDown();
      }).start();
    }
    done.await();
  }

  private static long peakRssMegabytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) return -1;
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
    }
    return -1;
  }
}
