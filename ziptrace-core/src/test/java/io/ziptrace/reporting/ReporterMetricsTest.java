package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.encoding.Encoding;
import org.junit.jupiter.api.Test;

class ReporterMetricsTest {
  @Test
  void readsQueuedCountsFromWhatItIsGivenWithoutAReporter() {
    PendingSpans pending = new PendingSpans(10, 1_000, Encoding.JSON, 500_000, 0);
    ReporterMetrics metrics = new ReporterMetrics(pending::queuedSpans, pending::queuedBytes);
    assertThat(metrics.queuedSpans()).isZero();

    pending.offer(span(1), 100);
    pending.offer(span(2), 150);

    assertThat(metrics.queuedSpans()).isEqualTo(2);
    assertThat(metrics.queuedBytes()).isEqualTo(250);

    Batch batch = pending.awaitNextBatch(); // due now: no send interval
    assertThat(metrics.queuedSpans()).as("in flight still counts").isEqualTo(2);
    pending.settle(batch.firstHalf(), () -> metrics.sent(1, 100));
    assertThat(metrics.queuedSpans()).isEqualTo(1);
    assertThat(metrics.queuedBytes()).isEqualTo(150);
    assertThat(metrics.spansSent()).isEqualTo(1);
    assertThat(metrics.toString()).contains("queued=1");
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
