package io.ziptrace.benchmarks;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.Sender;

/** A sender that accepts and discards, so only the tracing side is measured. */
final class DiscardingSender implements Sender {
  @Override
  public Encoding encoding() {
    return Encoding.JSON;
  }

  @Override
  public int messageMaxBytes() {
    return 500_000;
  }

  @Override
  public void send(byte[] message, int spanCount) {}

  @Override
  public void close() {}
}
