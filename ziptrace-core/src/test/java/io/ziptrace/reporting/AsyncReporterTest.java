package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AsyncReporterTest {
  final int spanSize = SpanEncoder.of(Encoding.JSON).sizeInBytes(span(1));

  @Test
  void sendsABatchWhenTheIntervalPasses() {
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofMillis(20)).build();

    for (int i = 1; i <= 3; i++) reporter.report(span(i));

    await(() -> sender.accepted().size() == 3);
    reporter.close(); // the sender has the spans before the reporter's thread counts them: read the counts once it ended
    assertThat(reporter.metrics().spansSent()).isEqualTo(3);
    assertThat(reporter.metrics().messagesSent()).isBetween(1L, 3L);
    assertThat(sender.closed()).isTrue();
  }

  @Test
  void cutsBatchesAtTheMessageSize() {
    int perMessage = 5;
    FakeSender sender = new FakeSender(Encoding.JSON.listSizeInBytes(perMessage, perMessage * (long) spanSize));
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 12; i++) reporter.report(span(i));

    // two full batches go at once, without waiting for the interval
    await(() -> sender.accepted().size() >= 10);
    assertThat(sender.messageSizes()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(sender.messageMaxBytes()));
    reporter.flush();
    assertThat(sender.accepted()).hasSize(12);
    reporter.close();
  }

  @Test
  void flushSendsWhatIsQueuedNow() {
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    reporter.report(span(1));
    reporter.report(span(2));
    reporter.flush();

    assertThat(sender.accepted()).hasSize(2);
    reporter.close();
  }

  @Test
  void fullQueueDropsAndCountsByCountAndBytes() {
    CountDownLatch release = new CountDownLatch(1);
    FakeSender sender = new FakeSender(500_000).then(FakeSender.blockUntil(release));
    // one send at a time, so the queue fills behind the blocked one (ConcurrentSendsTest covers several)
    AsyncReporter byCount = AsyncReporter.builder(sender).maxConcurrentSends(1).queuedMaxSpans(3)
        .sendInterval(Duration.ofMillis(1)).build();

    byCount.report(span(1)); // taken by the reporter's thread, which then blocks sending it
    await(() -> sender.attempts() == 1);
    for (int i = 2; i <= 10; i++) byCount.report(span(i));

    assertThat(byCount.metrics().spansDropped(DropReason.QUEUE_FULL)).isEqualTo(6);
    release.countDown();
    byCount.close();
    assertThat(sender.accepted()).hasSize(4);

    CountDownLatch releaseBytes = new CountDownLatch(1);
    FakeSender bytesSender = new FakeSender(500_000).then(FakeSender.blockUntil(releaseBytes));
    AsyncReporter byBytes = AsyncReporter.builder(bytesSender).maxConcurrentSends(1).queuedMaxBytes(spanSize * 2L)
        .sendInterval(Duration.ofHours(1)).build();
    byBytes.report(span(1)); // half the byte limit: taken at once, and its send blocks
    await(() -> bytesSender.attempts() == 1);
    for (int i = 2; i <= 5; i++) byBytes.report(span(i));
    assertThat(byBytes.metrics().spansDropped(DropReason.QUEUE_FULL)).isEqualTo(3); // bytes in flight count
    assertThat(byBytes.metrics().queuedBytes()).isEqualTo(spanSize * 2L);
    releaseBytes.countDown();
    byBytes.close();
  }

  @Test
  void retriesServerErrorsAndConnectionFailures() {
    FakeSender sender = new FakeSender(500_000)
        .then(FakeSender.refuse(SendException.retryLater("scripted 503")))
        .then(FakeSender.connectionRefused())
        .then(FakeSender.refuse(SendException.retryLater("scripted 429", Duration.ofMillis(1))));
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofMillis(1)).build();

    reporter.report(span(1));

    await(() -> sender.accepted().size() == 1);
    assertThat(sender.attempts()).isEqualTo(4);
    assertThat(reporter.metrics().sendErrors()).isEqualTo(3);
    assertThat(reporter.metrics().spansDropped()).isZero();
    reporter.close();
  }

  @Test
  void anErrorFromTheSenderDropsItsBatchAndReportingGoesOn() {
    FakeSender sender = new FakeSender(500_000).then(message -> {
      throw new NoClassDefFoundError("org/example/transport/Client"); // a transport library missing at run time
    });
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(1).sendInterval(Duration.ofMillis(1)).build();

    reporter.report(span(1));
    await(() -> reporter.metrics().spansDropped(DropReason.SEND_FAILED) == 1);
    reporter.report(span(2));
    await(() -> reporter.metrics().spansSent() == 1);

    assertThat(sender.accepted()).extracting(zipkin2.Span::name).containsExactly("span 000002");
    assertThat(sender.attempts()).as("an error is not retried").isEqualTo(2);
    reporter.close();
  }

  @Test
  void aSenderWithoutAnEncodingIsRefusedAtBuild() {
    Sender noEncoding = new MessageReuseTest.JsonSender() {
      @Override
      public Encoding encoding() {
        return null;
      }
    };

    assertThatThrownBy(() -> AsyncReporter.builder(noEncoding).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(".encoding() returned null: a Sender must say which encoding its messages are in"
            + " (Encoding.JSON or Encoding.PROTO3)");
  }

  @Test
  void aSenderTakingNoMessagesIsRefusedAtBuild() {
    Sender tiny = new MessageReuseTest.JsonSender() {
      @Override
      public int messageMaxBytes() {
        return 0;
      }
    };

    assertThatThrownBy(() -> AsyncReporter.builder(tiny).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(".messageMaxBytes() returned 0: a Sender must take messages of at least 64 bytes,"
            + " or no span would fit");
  }

  @Test
  void givesUpOnceTheRetryTimeoutHasPassed() {
    FakeSender sender = new FakeSender(500_000);
    for (int i = 0; i < 50; i++) sender.then(FakeSender.refuse(SendException.retryLater("scripted 500")));
    AsyncReporter reporter = AsyncReporter.builder(sender).retryTimeout(Duration.ofMillis(200)).sendInterval(Duration.ofMillis(1)).build();
    long start = System.nanoTime();

    reporter.report(span(1));

    await(() -> reporter.metrics().spansDropped(DropReason.SEND_FAILED) == 1);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(sender.attempts()).isBetween(2, 5); // 50, 100, then the rest of the 200 ms
    reporter.close();
  }

  @Test
  void aNegativeRetryTimeoutIsRefused() {
    assertThatThrownBy(() -> AsyncReporter.builder(new FakeSender(500_000)).retryTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retryTimeout must not be negative");
  }

  @Test
  void badRequestIsolatesThePoisonSpan() {
    FakeSender sender = new FakeSender(500_000).rejecting(s -> s.name().equals("span 000005"));
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 8; i++) reporter.report(span(i));
    reporter.flush();

    assertThat(sender.accepted()).hasSize(7).noneMatch(s -> s.name().equals("span 000005"));
    assertThat(reporter.metrics().spansDropped(DropReason.REJECTED)).isEqualTo(1);
    reporter.close();
  }

  @Test
  void otherClientErrorsDropAtOnce() {
    FakeSender sender = new FakeSender(500_000).then(FakeSender.refuse(SendException.reject("scripted 401")));
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    reporter.report(span(1));
    reporter.report(span(2));
    reporter.flush();

    assertThat(sender.attempts()).isEqualTo(1);
    assertThat(reporter.metrics().spansDropped(DropReason.REJECTED)).isEqualTo(2);
    reporter.close();
  }

  @Test
  void tooLargeSpansAreDroppedOnReport() {
    AsyncReporter reporter = AsyncReporter.builder(new FakeSender(100)).build();

    reporter.report(io.ziptrace.FinishedSpan.builder(span(1).context()).putTag("big", "x".repeat(1000)).build());
    reporter.report(null);

    assertThat(reporter.metrics().spansDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    reporter.close();
  }

  @Test
  void aSpanLargerThanTheWholeQueueIsTooLargeNotAFullQueue() {
    AsyncReporter reporter = AsyncReporter.builder(new FakeSender(500_000)).queuedMaxBytes(200).build();

    reporter.report(io.ziptrace.FinishedSpan.builder(span(1).context()).putTag("big", "x".repeat(1000)).build());
    reporter.report(span(2));

    assertThat(reporter.metrics().spansDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    assertThat(reporter.metrics().spansDropped(DropReason.QUEUE_FULL)).isZero();
    reporter.close();
  }

  @Test
  void closeSendsWhatWasReportedAndCountsLaterReports() {
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 100; i++) reporter.report(span(i));
    reporter.close();
    reporter.close();
    reporter.report(span(101));

    assertThat(sender.accepted()).hasSize(100);
    assertThat(reporter.metrics().spansDropped(DropReason.CLOSED)).isEqualTo(1);
    assertThat(reporter.metrics().spansReported()).isEqualTo(101);
  }

  @Test
  void closeGivesUpOnAHangingCollectorWithinItsTimeout() {
    CountDownLatch never = new CountDownLatch(1);
    FakeSender sender = new FakeSender(500_000).then(FakeSender.blockUntil(never));
    // one send at a time, so span 2 waits behind the stuck one (ConcurrentSendsTest covers several)
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(1).sendInterval(Duration.ofMillis(1))
        .closeTimeout(Duration.ofMillis(200)).build();
    reporter.report(span(1));
    await(() -> sender.attempts() == 1);
    reporter.report(span(2));

    long start = System.nanoTime();
    reporter.closeAsync().join();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansDropped(DropReason.CLOSED)).isEqualTo(2);
    assertThat(m.spansSent() + m.spansDropped() + m.queuedSpans()).isEqualTo(m.spansReported());
  }

  @Test
  void everySpanIsAccountedForUnderConcurrency() throws Exception {
    FakeSender sender = new FakeSender(20_000);
    for (int i = 0; i < 20; i++) {
      sender.then(FakeSender.refuse(i % 2 == 0 ? SendException.retryLater("scripted 503") : SendException.splitBatch("scripted 400")));
    }
    AsyncReporter reporter = AsyncReporter.builder(sender).queuedMaxSpans(2_000)
        .sendInterval(Duration.ofMillis(2)).retryTimeout(Duration.ofMillis(50)).build();
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 10_000;
      threads[t] = new Thread(() -> {
        for (int i = 1; i <= 5_000; i++) reporter.report(span(base + i));
      });
      threads[t].start();
    }
    for (Thread thread : threads) thread.join();
    reporter.close();

    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansReported()).isEqualTo(40_000);
    assertThat(m.queuedSpans()).isZero();
    assertThat(m.spansSent() + m.spansDropped()).isEqualTo(40_000);
    assertThat((long) sender.accepted().size()).isEqualTo(m.spansSent());
    assertThat(sender.accepted().stream().map(zipkin2.Span::id).distinct().count()).isEqualTo(m.spansSent());
  }

  @Test
  void tooLargeAnswerForASingleSpanCountsItTooLarge() {
    FakeSender sender = new FakeSender(500_000)
        .rejecting(s -> s.name().equals("span 000003"), () -> SendException.tooLarge("scripted 413"));
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 8; i++) reporter.report(span(i));
    reporter.flush();

    assertThat(sender.accepted()).hasSize(7).noneMatch(s -> s.name().equals("span 000003"));
    assertThat(reporter.metrics().spansDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    assertThat(reporter.metrics().spansDropped(DropReason.REJECTED)).isZero();
    reporter.close();
  }

  @Test
  void startsTheGivenThreadFactorysThreadOnTheFirstReportOnly() throws Exception {
    CountingThreadFactory factory = new CountingThreadFactory();
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).threadFactory(factory).sendInterval(Duration.ofMillis(1)).build();
    reporter.flush();
    assertThat(factory.calls).hasValue(0);

    Thread[] reporters = new Thread[8];
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < reporters.length; t++) {
      long id = t + 1;
      reporters[t] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        reporter.report(span(id));
      });
      reporters[t].start();
    }
    go.countDown();
    for (Thread thread : reporters) thread.join();
    reporter.flush();

    assertThat(factory.calls).hasValue(2); // one thread per concurrent send (default 2), all started by the first report
    assertThat(sender.accepted()).hasSize(8);
    reporter.close();
    assertThat(factory.threads).noneMatch(Thread::isAlive);
  }

  @Test
  void closingAReporterNeverUsedClosesTheSenderWithoutAThread() {
    CountingThreadFactory factory = new CountingThreadFactory();
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).threadFactory(factory).build();

    reporter.close();
    reporter.report(span(1));

    assertThat(sender.closed()).isTrue();
    assertThat(factory.calls).hasValue(0);
    assertThat(reporter.metrics().spansDropped(DropReason.CLOSED)).isEqualTo(1);
  }

  @Test
  void aThreadFactoryThatFailsCountsSpansAsSendFailed() {
    for (ThreadFactory broken : new ThreadFactory[] {r -> null, r -> { throw new IllegalStateException("no threads"); }}) {
      FakeSender sender = new FakeSender(500_000);
      AsyncReporter reporter = AsyncReporter.builder(sender).threadFactory(broken).build();

      reporter.report(span(1));
      reporter.report(span(2));
      reporter.flush();
      reporter.close();

      ReporterMetrics m = reporter.metrics();
      assertThat(m.spansDropped(DropReason.SEND_FAILED)).isEqualTo(2);
      assertThat(m.spansSent() + m.spansDropped()).isEqualTo(m.spansReported());
      assertThat(sender.attempts()).isZero();
      assertThat(sender.closed()).isTrue();
    }
  }

  /** Makes daemon threads, counting them. */
  static final class CountingThreadFactory implements ThreadFactory {
    final AtomicInteger calls = new AtomicInteger();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable r) {
      calls.incrementAndGet();
      Thread thread = new Thread(r, "test-reporter");
      thread.setDaemon(true);
      threads.add(thread);
      return thread;
    }
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
