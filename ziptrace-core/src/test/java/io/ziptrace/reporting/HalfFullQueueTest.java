package io.ziptrace.reporting;

import static io.ziptrace.reporting.AsyncReporterTest.await;
import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A queue smaller than a message goes out once it is half full, without waiting out the send
 * interval: otherwise a small queue drops spans at a steady rate its collector takes easily.
 */
class HalfFullQueueTest {
  @Test
  void halfTheSpanLimitGoesWithoutWaitingForTheInterval() {
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).queuedMaxSpans(10).sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 5; i++) reporter.report(span(i));

    await(() -> sender.accepted().size() == 5);
    assertThat(reporter.metrics().spansDropped()).isZero();
    reporter.close();
  }

  @Test
  void halfTheByteLimitGoesWithoutWaitingForTheInterval() {
    FakeSender sender = new FakeSender(500_000);
    long spanBytes = io.ziptrace.encoding.SpanEncoder.of(sender.encoding()).estimatedSizeInBytes(span(1));
    AsyncReporter reporter = AsyncReporter.builder(sender).queuedMaxBytes(6 * spanBytes)
        .sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 3; i++) reporter.report(span(i));

    await(() -> sender.accepted().size() == 3);
    reporter.close();
  }

  @Test
  void lessThanHalfWaitsForTheInterval() throws InterruptedException {
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).queuedMaxSpans(10).sendInterval(Duration.ofSeconds(1)).build();

    for (int i = 1; i <= 4; i++) reporter.report(span(i));
    Thread.sleep(100); // under the interval: nothing may have gone

    assertThat(sender.attempts()).isZero();
    await(() -> sender.accepted().size() == 4);
    reporter.close();
  }
}
