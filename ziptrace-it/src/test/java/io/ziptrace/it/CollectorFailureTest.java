package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.http.HttpSender;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A collector that is down, failing or refusing never hurts the application, and spans are accounted for. */
class CollectorFailureTest {
  @Test
  void collectorDownAtStartThenUp() {
    ZipkinServer zipkin = ZipkinServer.onFreePort(); // not started yet
    AsyncReporter reporter = AsyncReporter.builder(HttpSender.builder(zipkin.spansUrl())
            .connectTimeout(Duration.ofSeconds(1)).build())
        .sendInterval(Duration.ofMillis(20)).retryTimeout(Duration.ofMillis(10)).build();
    try (Tracer tracer = Spans.tracer("down-then-up", reporter)) {
      long start = System.nanoTime();
      for (int i = 0; i < 1_000; i++) tracer.newTrace().name("while down").start().finish();
      long reportNanos = System.nanoTime() - start;
      // The application's calls neither failed nor waited on the network.
      assertThat(Duration.ofNanos(reportNanos)).isLessThan(Duration.ofSeconds(2));
      Figures.print("collector down at start", "1,000 spans finished in %.1f ms, 0 app errors", reportNanos / 1e6);
      ZipkinServer.await(() -> reporter.metrics().spansDropped(DropReason.SEND_FAILED), n -> n == 1_000,
          "1,000 spans counted as failed sends");

      zipkin.start();
      TraceContext after = tracer.newTrace().name("after recovery").kind(Kind.SERVER).start().context();
      tracer.newChild(after).name("child").start().finish();
      reporter.flush();
      assertThat(zipkin.awaitTrace(after.traceIdString(), 1)).isNotEmpty();
    } finally {
      zipkin.close();
    }
    Accounting.assertAccounted(reporter.metrics());
  }

  @Test
  void serverErrorIsRetriedThenDelivered() throws Exception {
    try (FaultyCollector collector = new FaultyCollector(FaultyCollector.status(500), FaultyCollector.status(503))) {
      AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(collector.spansUrl()))
          .sendInterval(Duration.ofMillis(10)).build();
      try (Tracer tracer = Spans.tracer("retry", reporter)) {
        tracer.newTrace().name("retried").start().finish();
        ZipkinServer.await(collector::accepted, spans -> spans.size() == 1, "the retried span");
      }
      assertThat(collector.requests()).isEqualTo(3);
      assertThat(reporter.metrics().sendErrors()).isEqualTo(2);
      assertThat(reporter.metrics().spansSent()).isEqualTo(1);
      assertThat(reporter.metrics().spansDropped()).isZero();
    }
  }

  @Test
  void badRequestIsDroppedCountedAndLoggedOnce() throws Exception {
    try (FaultyCollector collector = new FaultyCollector().thenAlways(FaultyCollector.status(400));
        LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(collector.spansUrl()))
          .sendInterval(Duration.ofHours(1)).build();
      try (Tracer tracer = Spans.tracer("refused", reporter)) {
        tracer.newTrace().name("refused").start().finish();
        reporter.flush();
        tracer.newTrace().name("refused too").start().finish();
        reporter.flush();
      }
      assertThat(reporter.metrics().spansDropped(DropReason.REJECTED)).isEqualTo(2);
      assertThat(collector.requests()).isEqualTo(2); // never retried
      assertThat(log.messages()).filteredOn(m -> m.contains("400")).hasSize(1)
          .allSatisfy(m -> assertThat(m).contains("collector says 400"));
      Accounting.assertAccounted(reporter.metrics());
    }
  }

  @Test
  void memoryStaysBoundedWhileTheCollectorIsDown() {
    int maxSpans = 5_000;
    long maxBytes = 1_000_000;
    AsyncReporter reporter = AsyncReporter.builder(HttpSender.builder("http://127.0.0.1:" + ZipkinServer.freePort() + "/api/v2/spans")
            .connectTimeout(Duration.ofMillis(200)).build())
        .queuedMaxSpans(maxSpans).queuedMaxBytes(maxBytes).sendInterval(Duration.ofMillis(5)).retryTimeout(Duration.ZERO).build();
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long heapBefore = runtime.totalMemory() - runtime.freeMemory();
    long peakQueuedSpans = 0;
    long peakQueuedBytes = 0;
    try (Tracer tracer = Spans.tracer("memory", reporter)) {
      for (int i = 0; i < 1_000_000; i++) {
        tracer.newTrace().name("flood").kind(Kind.SERVER).start().tag("i", "value").finish();
        if (i % 1_000 == 0) {
          peakQueuedSpans = Math.max(peakQueuedSpans, reporter.metrics().queuedSpans());
          peakQueuedBytes = Math.max(peakQueuedBytes, reporter.metrics().queuedBytes());
        }
      }
      System.gc();
      long heapGrowth = runtime.totalMemory() - runtime.freeMemory() - heapBefore;
      assertThat(heapGrowth).as("heap growth after GC").isLessThan(64L * 1024 * 1024);
      Figures.print("collector down, 1,000,000 spans", "heap %+.1f MB after GC, peak queue %d spans / %d bytes, %d dropped (queue full)",
          heapGrowth / 1e6, peakQueuedSpans, peakQueuedBytes, reporter.metrics().spansDropped(DropReason.QUEUE_FULL));
    }
    // one batch may be in flight on top of the queue
    assertThat(peakQueuedSpans).isLessThanOrEqualTo(2L * maxSpans);
    assertThat(peakQueuedBytes).isLessThanOrEqualTo(2 * maxBytes);
    assertThat(reporter.metrics().spansDropped(DropReason.QUEUE_FULL)).isPositive();
    Accounting.assertAccounted(reporter.metrics());
  }
}
