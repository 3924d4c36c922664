package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.ReporterMetrics;

/** The reporter's bookkeeping invariant, checked exactly. */
public final class Accounting {
  private Accounting() {}

  /** sent + dropped (each reason) + queued = reported, and the reasons add up to the total. */
  public static void assertAccounted(ReporterMetrics m) {
    long byReason = 0;
    for (DropReason reason : DropReason.values()) byReason += m.spansDropped(reason);
    assertThat(byReason).isEqualTo(m.spansDropped());
    assertThat(m.spansSent() + m.spansDropped() + m.queuedSpans()).isEqualTo(m.spansReported());
  }
}
