package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReporterMetricsTest {
  @Test
  void readsQueuedCountsFromWhatItIsGivenWithoutAReporter() {
    long[] queued = {0, 0};
    ReporterMetrics metrics = new ReporterMetrics(() -> queued[0], () -> queued[1]);
    assertThat(metrics.queuedSpans()).isZero();

    queued[0] = 2;
    queued[1] = 250;
    metrics.sent(1, 100);

    assertThat(metrics.queuedSpans()).isEqualTo(2);
    assertThat(metrics.queuedBytes()).isEqualTo(250);
    assertThat(metrics.spansSent()).isEqualTo(1);
    assertThat(metrics.toString()).contains("queued=2");
  }

  @Test
  void toStringShowsDropsByReasonWhenThereAreAny() {
    ReporterMetrics metrics = new ReporterMetrics(() -> 0, () -> 0);
    assertThat(metrics.toString()).contains("dropped=0,").doesNotContain("QUEUE_FULL");

    metrics.dropped(DropReason.QUEUE_FULL, 4);
    metrics.dropped(DropReason.SEND_FAILED, 35);

    assertThat(metrics.toString()).contains("dropped=39 (SEND_FAILED 35, QUEUE_FULL 4),")
        .doesNotContain("TOO_LARGE").doesNotContain("CLOSED");
  }
}
