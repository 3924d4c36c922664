package io.ziptrace.benchmarks;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.Sender;
import java.util.concurrent.atomic.AtomicLong;

/** A sender that accepts and discards, so only the tracing side is measured; it counts the spans it was given. */
final class DiscardingSender implements Sender {
  final AtomicLong spans = new AtomicLong();

  @Override
  public Encoding encoding() {
    return Encoding.JSON;
  }

  @Override
  public int messageMaxBytes() {
    return 500_000;
  }

  @Override
  public void send(byte[] message, int spanCount) {
    spans.addAndGet(spanCount);
  }

  /** As {@code HttpSender}: the reporter's buffer is used as it is, not copied. */
  @Override
  public void send(byte[] buffer, int length, int spanCount) {
    spans.addAndGet(spanCount);
  }

  @Override
  public void close() {}
}
