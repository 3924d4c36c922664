package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * close() against a send blocked in I/O that an interrupt does not end (a socket read, say):
 * closing the sender at the close timeout is what ends it.
 */
class CloseOverAStuckSendTest {
  @Test
  void closeAbortsTheStuckSendByClosingTheSenderAtTheCloseTimeout() throws Exception {
    CountDownLatch sendStarted = new CountDownLatch(1);
    FakeSender sender = new FakeSender(500_000);
    sender.then(sender.blockUninterruptiblyUntilClosed(sendStarted));
    AsyncReporter reporter = AsyncReporter.builder(sender).closeTimeout(Duration.ofMillis(200)).build();
    reporter.report(span(1));
    assertThat(sendStarted.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    reporter.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // the send ignored its interrupt: without the sender closed, close() waited a second more for it
    assertThat(took).isLessThan(Duration.ofMillis(900));
    assertThat(sender.closes.getPhase()).as("closes").isEqualTo(1);
    assertThat(reporter.metrics().spansDropped(DropReason.CLOSED)).isEqualTo(1);
    assertThat(reporter.metrics().queuedSpans()).isZero();
  }

  @Test
  void aSenderWithNothingInFlightIsClosedOnceAfterTheLastSend() {
    FakeSender sender = new FakeSender(500_000);
    AsyncReporter reporter = AsyncReporter.builder(sender).closeTimeout(Duration.ofMillis(200)).build();
    reporter.report(span(1));

    reporter.close();

    assertThat(sender.accepted()).hasSize(1);
    assertThat(sender.closes.getPhase()).as("closes").isEqualTo(1);
  }
}
