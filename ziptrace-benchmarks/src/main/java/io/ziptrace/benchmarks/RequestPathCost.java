package io.ziptrace.benchmarks;

import brave.Tracing;
import io.ziptrace.Reporter;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * What a sampled root span costs the application's thread when the reporter keeps up, as it does
 * in production: bursts of {@value #BURST} spans (the shared workload, 128-bit trace ids) through
 * each library's own async reporter at its defaults into a discarding sender, a pause after each
 * burst, so that both reporters encode every span ({@link SpanLifecycleBenchmark} instead finishes
 * spans as fast as one thread can, which overflows both reporters' queues, so its ns/op mixes
 * queueing with dropping). Counts only the bursts: the application thread's CPU time and its
 * elapsed time per span, the latter including any time the reporter's threads took its core.
 * Rounds alternate between the libraries; the median of the last rounds is printed, with the
 * spans each library dropped (0 expected). A third row, ziptrace with {@link Reporter#NOOP},
 * shows what recording the span costs before any reporter sees it: the floor under ziptrace's
 * figure that no reporter change can go below.
 *
 * <p>Usage: {@code RequestPathCost [rounds] [bursts per round]}
 */
public final class RequestPathCost {
  static final int BURST = 500;
  /** After each burst: 500 spans per 10 ms is 50,000 spans/s, well within both reporters' rates. */
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final int WARM_UP_ROUNDS = 2;

  private RequestPathCost() {}

  /** Runs both libraries; see the class comment. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int bursts = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Cost[] ziptrace = new Cost[rounds];
    Cost[] brave = new Cost[rounds];
    Cost[] recordingOnly = new Cost[rounds];
    for (int round = 0; round < rounds; round++) {
      ziptrace[round] = ziptrace(bursts, null);
      brave[round] = brave(bursts);
      recordingOnly[round] = ziptrace(bursts, Reporter.NOOP);
    }
    Cost z = Cost.median(Arrays.copyOfRange(ziptrace, Math.min(WARM_UP_ROUNDS, rounds - 1), rounds));
    Cost b = Cost.median(Arrays.copyOfRange(brave, Math.min(WARM_UP_ROUNDS, rounds - 1), rounds));
    Cost r = Cost.median(Arrays.copyOfRange(recordingOnly, Math.min(WARM_UP_ROUNDS, rounds - 1), rounds));
    System.out.println("| library | app thread CPU ns per span | elapsed ns per span | spans | dropped | CPU ratio to Brave | elapsed ratio to Brave |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    System.out.printf(Locale.ROOT, "| ziptrace | %.0f | %.0f | %d | %d | %.2fx | %.2fx |%n", z.cpuNanos, z.elapsedNanos, z.spans,
        z.dropped, z.cpuNanos / b.cpuNanos, z.elapsedNanos / b.elapsedNanos);
    System.out.printf(Locale.ROOT, "| brave | %.0f | %.0f | %d | %d | 1.00x | 1.00x |%n", b.cpuNanos, b.elapsedNanos, b.spans,
        b.dropped);
    System.out.printf(Locale.ROOT, "| ziptrace, recording only (Reporter.NOOP) | %.0f | %.0f | %d | n/a | %.2fx | %.2fx |%n",
        r.cpuNanos, r.elapsedNanos, r.spans, r.cpuNanos / b.cpuNanos, r.elapsedNanos / b.elapsedNanos);
  }

  /** ziptrace with its async reporter, or with {@code reporter} instead when not null. */
  private static Cost ziptrace(int bursts, Reporter reporter) {
    DiscardingSender sender = new DiscardingSender();
    Bursts measured = new Bursts();
    try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).traceId128Bit(true)
        .reporter(reporter != null ? reporter : AsyncReporter.create(sender)).build()) {
      for (int i = 0; i < bursts; i++) {
        measured.begin();
        for (int j = 0; j < BURST; j++) Fixtures.finishSpan(tracer);
        measured.end();
      }
    } // close() delivers what is queued
    return measured.cost(reporter != null ? BURST * (long) bursts : sender.spans.get());
  }

  private static Cost brave(int bursts) {
    DiscardingBytesSender sender = new DiscardingBytesSender();
    Bursts measured = new Bursts();
    AsyncZipkinSpanHandler handler = AsyncZipkinSpanHandler.create(sender);
    Tracing tracing = Tracing.newBuilder().localServiceName("frontend").localIp("10.1.2.3").localPort(8080)
        .traceId128Bit(true).addSpanHandler(handler).build();
    for (int i = 0; i < bursts; i++) {
      measured.begin();
      for (int j = 0; j < BURST; j++) Fixtures.finishSpan(tracing.tracer());
      measured.end();
    }
    tracing.close();
    handler.close(); // delivers what is queued
    return measured.cost(sender.spans.get());
  }

  /** The application thread's CPU and elapsed time over the bursts, the pauses between them left out. */
  private static final class Bursts {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long elapsedNanos;
    private long spans;
    private long cpuAtBegin;
    private long elapsedAtBegin;

    void begin() {
      cpuAtBegin = threads.getCurrentThreadCpuTime();
      elapsedAtBegin = System.nanoTime();
    }

    void end() {
      long elapsedAtEnd = System.nanoTime();
      cpuNanos += threads.getCurrentThreadCpuTime() - cpuAtBegin;
      elapsedNanos += elapsedAtEnd - elapsedAtBegin;
      spans += BURST;
      LockSupport.parkNanos(PAUSE_NANOS);
    }

    Cost cost(long delivered) {
      return new Cost(cpuNanos / (double) spans, elapsedNanos / (double) spans, spans, spans - delivered);
    }
  }

  /** One round's figures per span. */
  private record Cost(double cpuNanos, double elapsedNanos, long spans, long dropped) {
    /** The median by CPU time. */
    static Cost median(Cost[] costs) {
      Cost[] sorted = costs.clone();
      Arrays.sort(sorted, (a, b) -> Double.compare(a.cpuNanos, b.cpuNanos));
      return sorted[sorted.length / 2];
    }
  }
}
