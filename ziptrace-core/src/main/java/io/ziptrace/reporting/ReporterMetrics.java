package io.ziptrace.reporting;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What an {@link AsyncReporter} did, as plain getters to bind to any metrics library. At any
 * moment {@code spansReported = spansSent + spansDropped + queuedSpans} (queued spans include
 * those being sent), except for spans that {@code report()} or {@code close()} is counting at that
 * very moment.
 */
public final class ReporterMetrics {
  private final LongAdder spansReported = new LongAdder();
  private final LongAdder spansSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final LongSupplier queuedSpans;
  private final LongSupplier queuedBytes;

  /** Reads the queue's current size from the suppliers; counts the rest itself. */
  ReporterMetrics(LongSupplier queuedSpans, LongSupplier queuedBytes) {
    this.queuedSpans = queuedSpans;
    this.queuedBytes = queuedBytes;
    for (DropReason reason : DropReason.values()) dropped.put(reason, new LongAdder());
  }

  /** Spans handed to {@code report()}. */
  public long spansReported() {
    return spansReported.sum();
  }

  /** Spans the collector accepted. */
  public long spansSent() {
    return spansSent.sum();
  }

  /** Spans dropped for {@code reason}. */
  public long spansDropped(DropReason reason) {
    return dropped.get(reason).sum();
  }

  /** Spans dropped for any reason. */
  public long spansDropped() {
    long total = 0;
    for (LongAdder count : dropped.values()) total += count.sum();
    return total;
  }

  /** Encoded bytes the collector accepted. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** Messages the collector accepted. */
  public long messagesSent() {
    return messagesSent.sum();
  }

  /** Failed send attempts, retried or not. */
  public long sendErrors() {
    return sendErrors.sum();
  }

  /** Spans waiting to be sent now, including a batch being sent. */
  public long queuedSpans() {
    return queuedSpans.getAsLong();
  }

  /**
   * Bytes of spans waiting to be sent now, including a batch being sent, as the queue counts
   * them (the encoder's estimate: exact for ASCII text with nothing to escape).
   */
  public long queuedBytes() {
    return queuedBytes.getAsLong();
  }

  void reported() {
    spansReported.increment();
  }

  void sent(int spans, int bytes) {
    spansSent.add(spans);
    bytesSent.add(bytes);
    messagesSent.increment();
  }

  void sendError() {
    sendErrors.increment();
  }

  void dropped(DropReason reason, int spans) {
    dropped.get(reason).add(spans);
  }

  /** The counts, with drops by reason when there are any, e.g. {@code dropped=39 (SEND_FAILED 35, QUEUE_FULL 4)}. */
  @Override
  public String toString() {
    long[] byReason = new long[dropped.size()];
    for (DropReason reason : dropped.keySet()) byReason[reason.ordinal()] = spansDropped(reason);
    long total = spansDropped();
    String drops = total == 0 ? "0" : total + " (" + ReporterLog.byReason(byReason) + ")";
    return "ReporterMetrics{reported=" + spansReported() + ", sent=" + spansSent() + ", dropped=" + drops
        + ", queued=" + queuedSpans() + ", messages=" + messagesSent() + ", sendErrors=" + sendErrors() + "}";
  }
}
