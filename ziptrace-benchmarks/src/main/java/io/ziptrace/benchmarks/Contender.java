package io.ziptrace.benchmarks;

import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.ReporterMetrics;
import io.ziptrace.reporting.http.HttpSender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import zipkin2.reporter.InMemoryReporterMetrics;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** A library's HTTP reporting into Zipkin, run at one steady rate for one step, from a fresh reporter each time. */
abstract class Contender {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  final String name;

  private Contender(String name) {
    this.name = name;
  }

  /**
   * What one step's reporter did.
   *
   * @param offered spans finished by the load thread
   * @param dropped spans the reporter counted as dropped
   * @param dropReasons how many for each reason, e.g. "QUEUE_FULL 120", or "" when unknown or none
   * @param reporterCpuNanos CPU time of the reporter's own threads, -1 if unknown
   */
  record Reported(long offered, long dropped, String dropReasons, long reporterCpuNanos) {}

  /** ziptrace's {@link AsyncReporter} over {@link HttpSender}, each configured by the given functions from its defaults. */
  static Contender ziptrace(String name, UnaryOperator<HttpSender.Builder> sender,
      UnaryOperator<AsyncReporter.Builder> reporter) {
    return new Contender(name) {
      @Override
      Reported report(int rate, Duration step, String spansUrl) {
        LongAdder threadCpu = new LongAdder();
        AsyncReporter asyncReporter = reporter.apply(AsyncReporter.builder(sender.apply(HttpSender.builder(spansUrl)).build()))
            .threadFactory(work -> {
              Thread thread = new Thread(() -> {
                try {
                  work.run();
                } finally {
                  threadCpu.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
              }, "ziptrace-reporter");
              thread.setDaemon(true);
              return thread;
            })
            .build();
        long offered;
        try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(asyncReporter).build()) {
          offered = SteadyLoad.run(rate, step, () -> Fixtures.finishSpan(tracer));
        } // closes the reporter, which flushes and closes the sender
        ReporterMetrics metrics = asyncReporter.metrics();
        String reasons = Arrays.stream(DropReason.values()).filter(reason -> metrics.spansDropped(reason) > 0)
            .map(reason -> reason + " " + metrics.spansDropped(reason)).collect(Collectors.joining(", "));
        return new Reported(offered, metrics.spansDropped(), reasons, threadCpu.sum());
      }
    };
  }

  /**
   * Brave's {@code AsyncZipkinSpanHandler} over {@code URLConnectionSender}, both at their
   * defaults, flushed before it is closed.
   */
  static Contender brave(String name) {
    return new Contender(name) {
      @Override
      Reported report(int rate, Duration step, String spansUrl) {
        InMemoryReporterMetrics metrics = new InMemoryReporterMetrics();
        URLConnectionSender sender = URLConnectionSender.create(spansUrl);
        AsyncZipkinSpanHandler handler = AsyncZipkinSpanHandler.newBuilder(sender).metrics(metrics).build();
        brave.Tracing tracing = brave.Tracing.newBuilder().localServiceName("frontend").localIp("10.1.2.3")
            .localPort(8080).addSpanHandler(handler).build();
        long offered = SteadyLoad.run(rate, step, () -> Fixtures.finishSpan(tracing.tracer()));
        tracing.close();
        handler.flush(); // close() alone drops what is still queued (178 spans at 14,000/s in one run)
        handler.close();
        sender.close();
        return new Reported(offered, metrics.spansDropped(), "", -1);
      }
    };
  }

  /**
   * Offers {@code rate} spans a second for {@code step} to {@code zipkin}, then waits for it to
   * store and count what arrived.
   */
  RateStep run(int rate, Duration step, FreshZipkin zipkin) throws Exception {
    long spansBefore = zipkin.spans.value();
    long bytesBefore = zipkin.bytes.value();
    long cpuBefore = OS.getProcessCpuTime();
    long zipkinCpuBefore = zipkin.cpuNanos();
    long wireBefore = LoopbackBytes.transmitted();
    Reported reported = report(rate, step, zipkin.spansUrl());
    long processCpu = OS.getProcessCpuTime() - cpuBefore;
    long wire = LoopbackBytes.transmitted() - wireBefore;
    long closed = System.nanoTime();
    double storeLag = (zipkin.store.awaitEmpty() - closed) / 1e9;
    long accepted = zipkin.spans.awaitRise(spansBefore, reported.offered());
    return new RateStep(name, rate, reported.offered(), reported.dropped(), reported.dropReasons(), accepted, storeLag,
        ZipkinStoreBacklog.keptUp(storeLag, step),
        processCpu, reported.reporterCpuNanos(), zipkin.cpuNanos() - zipkinCpuBefore, zipkin.bytes.value() - bytesBefore,
        wire);
  }

  /** Reports at {@code rate} for {@code step} and closes everything. */
  abstract Reported report(int rate, Duration step, String spansUrl) throws Exception;
}
