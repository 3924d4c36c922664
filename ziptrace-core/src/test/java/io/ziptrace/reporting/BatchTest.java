package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import org.junit.jupiter.api.Test;

class BatchTest {
  @Test
  void halvesKeepTheSizesMeasuredAtReport() {
    FinishedSpan a = span(1), b = span(2), c = span(3);
    Batch batch = new Batch(new FinishedSpan[] {a, b, c}, new int[] {10, 20, 30});
    assertThat(batch.spanBytes()).isEqualTo(60);

    assertThat(batch.firstHalf().spans()).containsExactly(a);
    assertThat(batch.firstHalf().spanBytes()).isEqualTo(10);
    assertThat(batch.secondHalf().spans()).containsExactly(b, c);
    assertThat(batch.secondHalf().spanBytes()).isEqualTo(50);
  }

  @Test
  void queueDrainsBatchesThatFitTheMessage() {
    SpanQueue queue = new SpanQueue(10, 1_000);
    for (int i = 1; i <= 5; i++) queue.offer(span(i), 10, 0);

    // a JSON list of n spans of 10 bytes takes 2 + 10n + (n - 1) bytes: 3 spans fit in 34
    Batch batch = queue.drainBatch(io.ziptrace.encoding.Encoding.JSON, 34);

    assertThat(batch.size()).isEqualTo(3);
    assertThat(batch.spanBytes()).isEqualTo(30);
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.bytes()).isEqualTo(20);
  }
}
