package io.ziptrace.benchmarks;

import brave.Tracing;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * CPU per span actually encoded: one thread finishes root SERVER spans (the shared workload,
 * 128-bit trace ids) as fast as it can through each library's own async reporter, at its default
 * settings, into a sender that counts and discards what it is given; the process's CPU time (all
 * threads: the application thread and the reporter's) is divided by the spans that reached the
 * sender, so spans a full queue dropped cost nothing here. Rounds alternate between the libraries
 * so warm-up and noise fall on both; the last rounds are printed.
 *
 * <p>Usage: {@code CpuPerSpan [spans per round] [rounds]}
 */
public final class CpuPerSpan {
  private CpuPerSpan() {}

  /** Runs both libraries; see the class comment. */
  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    double ziptrace = 0;
    double brave = 0;
    for (int round = 1; round <= rounds; round++) {
      ziptrace = ziptrace(spans);
      brave = brave(spans);
    }
    System.out.println("| library | CPU ns per span encoded | ratio to Brave |");
    System.out.println("|---|---:|---:|");
    System.out.printf(Locale.ROOT, "| ziptrace | %.0f | %.2fx |%n", ziptrace, ziptrace / brave);
    System.out.printf(Locale.ROOT, "| brave | %.0f | 1.00x |%n", brave);
  }

  private static double ziptrace(int spans) {
    DiscardingSender sender = new DiscardingSender();
    long cpu = processCpuNanos();
    try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).traceId128Bit(true)
        .reporter(AsyncReporter.create(sender)).build()) {
      for (int i = 0; i < spans; i++) {
        Span span = tracer.newTrace().name(Fixtures.NAME).kind(Kind.SERVER).start();
        for (String[] tag : Fixtures.TAGS) span.tag(tag[0], tag[1]);
        span.annotate(Fixtures.ANNOTATION).finish();
      }
    } // close() delivers what is queued
    return (processCpuNanos() - cpu) / (double) sender.spans.get();
  }

  private static double brave(int spans) {
    DiscardingBytesSender sender = new DiscardingBytesSender();
    long cpu = processCpuNanos();
    AsyncZipkinSpanHandler handler = AsyncZipkinSpanHandler.create(sender);
    Tracing tracing = Tracing.newBuilder().localServiceName("frontend").localIp("10.1.2.3").localPort(8080)
        .traceId128Bit(true).addSpanHandler(handler).build();
    brave.Tracer tracer = tracing.tracer();
    for (int i = 0; i < spans; i++) {
      brave.Span span = tracer.newTrace().name(Fixtures.NAME).kind(brave.Span.Kind.SERVER).start();
      for (String[] tag : Fixtures.TAGS) span.tag(tag[0], tag[1]);
      span.annotate(Fixtures.ANNOTATION).finish();
    }
    tracing.close();
    handler.close(); // delivers what is queued
    return (processCpuNanos() - cpu) / (double) sender.spans.get();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
