package io.ziptrace.reporting;

import static io.ziptrace.reporting.AsyncReporterTest.await;
import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@link AsyncReporter.Builder#maxConcurrentSends}: several batches in flight, every span still accounted for. */
class ConcurrentSendsTest {
  static final int SPANS_PER_MESSAGE = 5;
  final int spanSize = SpanEncoder.of(Encoding.JSON).sizeInBytes(span(1));
  final int messageMaxBytes = Encoding.JSON.listSizeInBytes(SPANS_PER_MESSAGE, SPANS_PER_MESSAGE * (long) spanSize);

  @Test
  void sendsAsManyFullBatchesAtOnceAsAllowed() {
    CountDownLatch release = new CountDownLatch(1);
    FakeSender sender = new FakeSender(messageMaxBytes);
    for (int i = 0; i < 3; i++) sender.then(FakeSender.blockUntil(release));
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(3)
        .sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 4 * SPANS_PER_MESSAGE; i++) reporter.report(span(i));

    await(() -> sender.attempts() == 3); // three sends blocked at once, the fourth batch waits
    assertThat(reporter.metrics().queuedSpans()).isEqualTo(4 * SPANS_PER_MESSAGE);
    release.countDown();
    reporter.flush();
    assertThat(sender.accepted()).hasSize(4 * SPANS_PER_MESSAGE);
    assertThat(sender.accepted().stream().map(zipkin2.Span::id).distinct()).hasSize(4 * SPANS_PER_MESSAGE);
    reporter.close();
    assertThat(reporter.metrics().spansSent()).isEqualTo(4 * SPANS_PER_MESSAGE);
  }

  @Test
  void aPartialBatchStillWaitsForTheSendInterval() throws Exception {
    FakeSender sender = new FakeSender(messageMaxBytes);
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(4)
        .sendInterval(Duration.ofSeconds(1)).build();

    reporter.report(span(1));
    Thread.sleep(100);

    assertThat(sender.attempts()).isZero(); // four idle threads do not send a partial batch early
    await(() -> sender.accepted().size() == 1);
    reporter.close();
  }

  @Test
  void theQueueBoundCoversBatchesInFlight() {
    CountDownLatch release = new CountDownLatch(1);
    FakeSender sender = new FakeSender(messageMaxBytes);
    for (int i = 0; i < 2; i++) sender.then(FakeSender.blockUntil(release));
    long bound = 2L * SPANS_PER_MESSAGE * spanSize + spanSize;
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(2).queuedMaxBytes(bound)
        .sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 2 * SPANS_PER_MESSAGE; i++) reporter.report(span(i));
    await(() -> sender.attempts() == 2); // both batches in flight, the queue empty
    for (int i = 1; i <= 3; i++) reporter.report(span(100 + i));

    assertThat(reporter.metrics().spansDropped(DropReason.QUEUE_FULL)).isEqualTo(2); // room for one more span only
    assertThat(reporter.metrics().queuedBytes()).isLessThanOrEqualTo(bound);
    release.countDown();
    reporter.close();
    assertThat(reporter.metrics().spansSent()).isEqualTo(2 * SPANS_PER_MESSAGE + 1);
  }

  @Test
  void retriesAndSplitsWithSeveralInFlightAccountForEverySpan() throws Exception {
    FakeSender sender = new FakeSender(messageMaxBytes).rejecting(s -> s.name().endsWith("7"));
    for (int i = 0; i < 30; i++) {
      sender.then(i % 2 == 0 ? FakeSender.connectionRefused() : FakeSender.refuse(SendException.retryLater("scripted 503", Duration.ofMillis(1))));
    }
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(4).retryTimeout(Duration.ofMillis(100))
        .queuedMaxSpans(500).sendInterval(Duration.ofMillis(2)).build();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 10_000;
      threads[t] = new Thread(() -> {
        for (int i = 1; i <= 2_000; i++) reporter.report(span(base + i));
      });
      threads[t].start();
    }
    for (Thread thread : threads) thread.join();
    reporter.close();

    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansReported()).isEqualTo(8_000);
    assertThat(m.queuedSpans()).isZero();
    assertThat(m.spansSent() + m.spansDropped()).isEqualTo(8_000);
    assertThat((long) sender.accepted().size()).isEqualTo(m.spansSent());
    assertThat(sender.accepted()).noneMatch(s -> s.name().endsWith("7"));
    assertThat(sender.accepted().stream().map(zipkin2.Span::id).distinct().count()).isEqualTo(m.spansSent());
    assertThat(m.spansDropped(DropReason.REJECTED)).isPositive(); // the poison spans, isolated by splitting
  }

  @Test
  void closeGivesUpOnSeveralHangingSendsWithinItsTimeout() {
    CountDownLatch never = new CountDownLatch(1);
    FakeSender sender = new FakeSender(messageMaxBytes);
    for (int i = 0; i < 3; i++) sender.then(FakeSender.blockUntil(never));
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(3)
        .sendInterval(Duration.ofHours(1)).closeTimeout(Duration.ofMillis(200)).build();
    for (int i = 1; i <= 4 * SPANS_PER_MESSAGE; i++) reporter.report(span(i));
    await(() -> sender.attempts() == 3);

    long start = System.nanoTime();
    reporter.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    ReporterMetrics m = reporter.metrics();
    // every thread was stuck, so the fourth batch never left the queue: all given up at close
    assertThat(m.spansSent()).isZero();
    assertThat(m.spansDropped(DropReason.CLOSED)).isEqualTo(4 * SPANS_PER_MESSAGE);
    assertThat(m.queuedSpans()).isZero();
    assertThat(m.spansSent() + m.spansDropped()).isEqualTo(m.spansReported());
  }

  @Test
  void startsOneThreadPerConcurrentSendAndSendsWithThoseItGot() {
    int[] asked = {0};
    FakeSender sender = new FakeSender(messageMaxBytes);
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(3).sendInterval(Duration.ofMillis(1))
        .threadFactory(work -> {
          if (++asked[0] > 1) throw new IllegalStateException("no more threads");
          Thread thread = new Thread(work);
          thread.setDaemon(true);
          return thread;
        }).build();

    for (int i = 1; i <= 3 * SPANS_PER_MESSAGE; i++) reporter.report(span(i));
    reporter.close();

    assertThat(asked[0]).isEqualTo(2); // the first refusal stops asking
    assertThat(reporter.metrics().spansSent()).isEqualTo(3 * SPANS_PER_MESSAGE);
  }

  @Test
  void rejectsLessThanOneSend() {
    assertThatThrownBy(() -> AsyncReporter.builder(new FakeSender(500_000)).maxConcurrentSends(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
