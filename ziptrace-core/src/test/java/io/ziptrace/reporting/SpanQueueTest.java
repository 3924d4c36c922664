package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.encoding.Encoding;
import org.junit.jupiter.api.Test;

class SpanQueueTest {
  @Test
  void refusesASpanPastTheCountLimit() {
    SpanQueue queue = new SpanQueue(2, 1_000);
    assertThat(queue.offer(span(1), 10, 0)).isTrue();
    assertThat(queue.offer(span(2), 10, 0)).isTrue();
    assertThat(queue.offer(span(3), 10, 0)).isFalse();
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void countsBytesHeldElsewhereAgainstTheByteLimit() {
    SpanQueue queue = new SpanQueue(10, 100);
    assertThat(queue.offer(span(1), 40, 50)).isTrue();
    assertThat(queue.offer(span(2), 20, 50)).isFalse(); // 40 queued + 50 in flight + 20 > 100
    assertThat(queue.offer(span(2), 10, 50)).isTrue();
    assertThat(queue.bytes()).isEqualTo(50);
  }

  @Test
  void keepsOrderAcrossGrowthAndWrapAround() {
    SpanQueue queue = new SpanQueue(1_000, 1_000_000);
    for (int i = 1; i <= 50; i++) queue.offer(span(i), 10, 0);
    queue.drainBatch(Encoding.JSON, 1 + 40 * 11); // 40 spans: the head moves on
    for (int i = 51; i <= 150; i++) queue.offer(span(i), 10, 0); // wraps, then grows past 64

    Batch rest = queue.drainBatch(Encoding.JSON, 1_000_000);

    assertThat(rest.spans()).extracting(s -> s.context().spanId())
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(41, 150).boxed().toList());
    assertThat(queue.size()).isZero();
    assertThat(queue.bytes()).isZero();
  }

  @Test
  void alwaysDrainsAtLeastOneSpan_andClearCountsWhatWasLeft() {
    SpanQueue queue = new SpanQueue(10, 1_000);
    queue.offer(span(1), 500, 0);
    queue.offer(span(2), 5, 0);

    assertThat(queue.drainBatch(Encoding.JSON, 64).size()).isEqualTo(1); // larger than the message: alone
    assertThat(queue.clear()).isEqualTo(1);
    assertThat(queue.size()).isZero();
  }
}
