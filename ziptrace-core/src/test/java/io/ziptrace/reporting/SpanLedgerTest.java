package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import org.junit.jupiter.api.Test;

class SpanLedgerTest {
  final SpanLedger ledger = new SpanLedger();

  static Batch batchOf(int... sizes) {
    FinishedSpan[] spans = new FinishedSpan[sizes.length];
    for (int i = 0; i < sizes.length; i++) spans[i] = span(i + 1);
    return new Batch(spans, sizes.clone());
  }

  @Test
  void onlyTheFirstSpanEverIsFirst() {
    assertThat(ledger.accepted()).isTrue();
    assertThat(ledger.accepted()).isFalse();
    assertThat(ledger.acceptedCount()).isEqualTo(2);
  }

  @Test
  void spansTakenAreInFlightUntilSettled_wholeOrInSlices() {
    for (int i = 0; i < 3; i++) ledger.accepted();
    Batch batch = batchOf(10, 20, 30);
    ledger.taken(batch);
    assertThat(ledger.inFlightSpans()).isEqualTo(3);
    assertThat(ledger.inFlightBytes()).isEqualTo(60);
    assertThat(ledger.settledUpTo(1)).isFalse();

    assertThat(ledger.settle(batch.firstHalf())).isTrue();
    assertThat(ledger.inFlightSpans()).isEqualTo(2);
    assertThat(ledger.inFlightBytes()).isEqualTo(50);
    assertThat(ledger.settledUpTo(1)).isTrue();
    assertThat(ledger.settledUpTo(3)).isFalse();

    assertThat(ledger.settle(batch.secondHalf())).isTrue();
    assertThat(ledger.inFlightBytes()).isZero();
    assertThat(ledger.settledUpTo(ledger.acceptedCount())).isTrue();
  }

  @Test
  void abandonCountsWhatIsInFlightOnce_andLateSettlesCountNothing() {
    for (int i = 0; i < 5; i++) ledger.accepted();
    Batch batch = batchOf(10, 20);
    ledger.taken(batch);

    assertThat(ledger.abandon(3)).isEqualTo(5); // 3 cleared from the queue, 2 in flight
    assertThat(ledger.abandon(0)).isZero();
    assertThat(ledger.settle(batch)).isFalse();
    assertThat(ledger.inFlightSpans()).isZero();
    assertThat(ledger.settledUpTo(5)).isTrue();
  }
}
