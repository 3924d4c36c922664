package io.ziptrace.benchmarks;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.Sender;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sender that accepts and discards, so only the tracing side is measured; it counts the spans it
 * was given. {@link #blockedUntil} makes one whose sends first wait for a latch, so that everything
 * reported stays held by the reporter.
 */
final class DiscardingSender implements Sender {
  final AtomicLong spans = new AtomicLong();
  private final CountDownLatch release;

  DiscardingSender() {
    this(null);
  }

  private DiscardingSender(CountDownLatch release) {
    this.release = release;
  }

  /** A sender whose every send waits until {@code release} opens (or the thread is interrupted). */
  static DiscardingSender blockedUntil(CountDownLatch release) {
    return new DiscardingSender(release);
  }

  @Override
  public Encoding encoding() {
    return Encoding.JSON;
  }

  @Override
  public int messageMaxBytes() {
    return 500_000;
  }

  @Override
  public void send(byte[] message, int spanCount) throws IOException {
    send(message, message.length, spanCount);
  }

  /** As {@code HttpSender}: the reporter's buffer is used as it is, not copied. */
  @Override
  public void send(byte[] buffer, int length, int spanCount) throws IOException {
    if (release != null) awaitRelease();
    spans.addAndGet(spanCount);
  }

  private void awaitRelease() throws InterruptedIOException {
    try {
      release.await();
    } catch (InterruptedException e) {
      throw new InterruptedIOException("interrupted while blocked");
    }
  }

  @Override
  public void close() {
    if (release != null) release.countDown();
  }
}
