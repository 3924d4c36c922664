package io.ziptrace.it.reliability;

import static io.ziptrace.it.FaultyCollector.dropConnection;
import static io.ziptrace.it.FaultyCollector.garbage;
import static io.ziptrace.it.FaultyCollector.rejectLargerThan;
import static io.ziptrace.it.FaultyCollector.slow;
import static io.ziptrace.it.FaultyCollector.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.Accounting;
import io.ziptrace.it.FaultyCollector;
import io.ziptrace.it.Figures;
import io.ziptrace.it.LogCapture;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.reporting.ReporterMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every collector fault: the application is never blocked or failed, close() is bounded, and
 * every span is accounted for exactly (sent + dropped by reason + queued = reported).
 */
class CollectorFaultsTest {
  static AsyncReporter.Builder reporter(HttpSender sender) {
    return AsyncReporter.builder(sender).sendInterval(Duration.ofMillis(10)).closeTimeout(Duration.ofSeconds(2));
  }

  static Tracer tracer(AsyncReporter reporter) {
    return Tracer.builder().localEndpoint(Endpoint.of("faults")).reporter(reporter).build();
  }

  static void finishSpans(Tracer tracer, int count) {
    for (int i = 0; i < count; i++) tracer.newTrace().name("span " + i).start().tag("i", Integer.toString(i)).finish();
  }

  @Test
  void hangingCollector_closeReturnsWithinItsTimeoutAndLeavesNoThreads() throws Exception {
    try (FaultyCollector collector = new FaultyCollector()) {
      collector.thenAlways(collector.hang());
      AsyncReporter reporter = reporter(HttpSender.builder(collector.spansUrl()).requestTimeout(Duration.ofMinutes(5)).build()).build();
      Tracer tracer = tracer(reporter);
      finishSpans(tracer, 100);
      collector.awaitRequests(1);
      finishSpans(tracer, 100);

      long start = System.nanoTime();
      tracer.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofSeconds(6));
      Figures.print("collector hangs", "close() took %d ms (timeout 2 s), 200 dropped (closed), 0 unaccounted", took.toMillis());
      assertThat(reporter.metrics().spansDropped(DropReason.CLOSED)).isEqualTo(200);
      assertAccounted(reporter.metrics(), 200);
      ZipkinServer.await(CollectorFaultsTest::ziptraceThreads, List::isEmpty, "ziptrace threads to end");
    }
  }

  @Test
  void slowCollector_timesOutRetriesAndCloseStaysBounded() throws Exception {
    try (FaultyCollector collector = new FaultyCollector().thenAlways(slow(Duration.ofSeconds(10)))) {
      AsyncReporter reporter = reporter(HttpSender.builder(collector.spansUrl()).requestTimeout(Duration.ofMillis(300)).build())
          .retryTimeout(Duration.ofMillis(10)).build();
      Tracer tracer = tracer(reporter);
      finishSpans(tracer, 50);
      ZipkinServer.await(() -> reporter.metrics().sendErrors(), n -> n >= 2, "two timed-out attempts");

      long start = System.nanoTime();
      tracer.close();

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isLessThan(Duration.ofSeconds(6));
      assertThat(reporter.metrics().spansSent()).isZero();
      Figures.print("collector answers after 10 s", "close() took %d ms, %d send errors, %s", took.toMillis(),
          reporter.metrics().sendErrors(), reporter.metrics());
      assertAccounted(reporter.metrics(), 50);
    }
  }

  @Test
  void droppedConnectionsAreRetried() throws Exception {
    try (FaultyCollector collector = new FaultyCollector(dropConnection(), dropConnection())) {
      AsyncReporter reporter = reporter(HttpSender.create(collector.spansUrl())).build();
      try (Tracer tracer = tracer(reporter)) {
        finishSpans(tracer, 10);
        ZipkinServer.await(collector::accepted, spans -> spans.size() == 10, "10 spans after two resets");
      }
      assertThat(reporter.metrics().sendErrors()).isEqualTo(2);
      assertAccounted(reporter.metrics(), 10);
      assertThat(reporter.metrics().spansSent()).isEqualTo(10);
    }
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() throws Exception {
    try (FaultyCollector collector = new FaultyCollector(status(429, "Retry-After", "1"), status(503))) {
      AsyncReporter reporter = reporter(HttpSender.create(collector.spansUrl())).build();
      long start = System.nanoTime();
      try (Tracer tracer = tracer(reporter)) {
        finishSpans(tracer, 5);
        ZipkinServer.await(collector::accepted, spans -> spans.size() == 5, "5 spans after 429 and 503");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(collector.requests()).isEqualTo(3);
      assertAccounted(reporter.metrics(), 5);
    }
  }

  @Test
  void payloadTooLargeSplitsTheBatchAndDropsOnlyWhatCannotFit() throws Exception {
    try (FaultyCollector collector = new FaultyCollector().thenAlways(rejectLargerThan(2_000))) {
      AsyncReporter reporter = reporter(HttpSender.create(collector.spansUrl())).sendInterval(Duration.ofHours(1)).build();
      try (Tracer tracer = tracer(reporter)) {
        finishSpans(tracer, 40);
        tracer.newTrace().name("too big for this collector").start().tag("big", "x".repeat(5_000)).finish();
        reporter.flush();
      }
      assertThat(collector.accepted()).hasSize(40);
      assertThat(reporter.metrics().spansDropped(DropReason.TOO_LARGE)).isEqualTo(1);
      assertAccounted(reporter.metrics(), 41);
    }
  }

  @Test
  void garbageAnswersAndRedirects() throws Exception {
    try (FaultyCollector collector = new FaultyCollector(garbage(), status(307, "Location", "http://127.0.0.1:1/elsewhere"));
        LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      AsyncReporter reporter = reporter(HttpSender.create(collector.spansUrl())).sendInterval(Duration.ofHours(1)).build();
      try (Tracer tracer = tracer(reporter)) {
        finishSpans(tracer, 3);
        reporter.flush();
        finishSpans(tracer, 2);
        reporter.flush();
      }
      assertThat(reporter.metrics().spansSent()).isEqualTo(3); // a 2xx is success whatever its body
      assertThat(reporter.metrics().spansDropped(DropReason.REJECTED)).isEqualTo(2); // never follows a redirect
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("307").contains("redirect"));
      assertAccounted(reporter.metrics(), 5);
    }
  }

  @Test
  void credentialsNeverReachTheLog() throws Exception {
    try (FaultyCollector collector = new FaultyCollector().thenAlways(status(401));
        LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      AsyncReporter reporter = reporter(HttpSender.builder(collector.spansUrl())
          .header("Authorization", "Bearer top-secret-token").build()).sendInterval(Duration.ofHours(1)).build();
      try (Tracer tracer = tracer(reporter)) {
        finishSpans(tracer, 1);
        reporter.flush();
      }
      assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains("top-secret-token"));
      assertThat(reporter.toString()).doesNotContain("top-secret-token");
    }
  }

  @Test
  void zipkinDiesMidRunAndRestarts() {
    ZipkinServer zipkin = ZipkinServer.onFreePort();
    zipkin.start();
    AsyncReporter reporter = reporter(HttpSender.builder(zipkin.spansUrl()).connectTimeout(Duration.ofMillis(500)).build())
        .retryTimeout(Duration.ofMillis(10)).build();
    try (Tracer tracer = tracer(reporter)) {
      finishSpans(tracer, 100);
      reporter.flush();
      ZipkinServer.await(() -> reporter.metrics().spansSent(), n -> n >= 100, "spans sent before the outage");

      zipkin.close();
      long downStart = System.nanoTime();
      finishSpans(tracer, 100);
      Figures.print("zipkin dies mid-run", "100 spans finished in %.2f ms while down", (System.nanoTime() - downStart) / 1e6);
      ZipkinServer.await(() -> reporter.metrics().spansDropped(DropReason.SEND_FAILED), n -> n == 100, "outage drops");

      zipkin.start();
      io.ziptrace.Span after = tracer.newTrace().name("after restart").start();
      after.finish();
      reporter.flush();
      assertThat(zipkin.awaitTrace(after.context().traceIdString(), 1)).isNotEmpty();
    } finally {
      zipkin.close();
    }
    assertAccounted(reporter.metrics(), 201);
  }

  static void assertAccounted(ReporterMetrics m, long reported) {
    assertThat(m.spansReported()).isEqualTo(reported);
    Accounting.assertAccounted(m);
  }

  static List<Thread> ziptraceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ziptrace-") && t.isAlive())
        .collect(java.util.stream.Collectors.toList());
  }
}
