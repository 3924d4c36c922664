package io.ziptrace.benchmarks;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import zipkin2.reporter.BytesMessageEncoder;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/** zipkin-reporter's sender SPI, accepting, counting and discarding: Brave's side of {@link DiscardingSender}. */
final class DiscardingBytesSender implements BytesMessageSender {
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
  public int messageSizeInBytes(List<byte[]> encodedSpans) {
    return Encoding.JSON.listSizeInBytes(encodedSpans);
  }

  @Override
  public int messageSizeInBytes(int encodedSizeInBytes) {
    return Encoding.JSON.listSizeInBytes(encodedSizeInBytes);
  }

  @Override
  public void send(List<byte[]> encodedSpans) {
    BytesMessageEncoder.JSON.encode(encodedSpans); // what a real sender does before writing
    spans.addAndGet(encodedSpans.size());
  }

  @Override
  public void close() {}
}
