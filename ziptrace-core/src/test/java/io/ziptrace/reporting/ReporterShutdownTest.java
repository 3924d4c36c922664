package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JVM's shutdown hook holds a reporter from its first span until it closes, and only when it
 * asked for the hook. (What the hook does at a real shutdown is tested with child JVMs in the
 * integration tests.)
 */
class ReporterShutdownTest {

  @Test
  void aReporterIsHeldFromItsFirstSpanUntilItCloses() {
    AsyncReporter reporter = AsyncReporter.builder(new FakeSender(500_000)).sendInterval(Duration.ofMillis(1)).build();
    assertThat(ReporterShutdown.isRegistered(reporter)).isFalse(); // no span, no thread: nothing to deliver

    reporter.report(span(1));
    assertThat(ReporterShutdown.isRegistered(reporter)).isTrue();

    reporter.close();
    assertThat(ReporterShutdown.isRegistered(reporter)).isFalse();
  }

  @Test
  void reportersCreatedAndClosedInALoopLeaveNothingBehind() {
    for (int i = 0; i < 200; i++) {
      AsyncReporter reporter = AsyncReporter.builder(new FakeSender(500_000)).sendInterval(Duration.ofMillis(1)).build();
      reporter.report(span(i + 1));
      reporter.close();
      assertThat(ReporterShutdown.isRegistered(reporter)).isFalse();
    }
  }

  @Test
  void aReporterBuiltWithoutTheHookIsNeverHeld() {
    AsyncReporter reporter = AsyncReporter.builder(new FakeSender(500_000)).shutdownHook(false).build();

    reporter.report(span(1));

    assertThat(ReporterShutdown.isRegistered(reporter)).isFalse();
    reporter.close();
  }

  @Test
  void aRunningJvmIsNotTakenForOneShuttingDown() {
    assertThat(ReporterShutdown.detect()).isFalse();
    assertThat(ReporterShutdown.inProgress()).isFalse();
  }

  @Test
  void aSpanReportedAfterCloseDoesNotHoldTheReporter() {
    AsyncReporter reporter = AsyncReporter.create(new FakeSender(500_000));
    reporter.close();

    reporter.report(span(1));

    assertThat(ReporterShutdown.isRegistered(reporter)).isFalse();
    assertThat(reporter.metrics().spansDropped(DropReason.CLOSED)).isEqualTo(1);
  }
}
