package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;
import io.ziptrace.encoding.Encoding;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.function.Supplier;
import zipkin2.codec.SpanBytesDecoder;

/** An in-memory sender whose answers are scripted; decodes what it accepts with zipkin2. */
final class FakeSender implements Sender {
  /** One scripted answer: return normally, or throw. */
  interface Answer {
    void answer(byte[] message) throws IOException;
  }

  private final int messageMaxBytes;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<zipkin2.Span> accepted = new ArrayList<>();
  private final List<Integer> messageSizes = new ArrayList<>();
  private Predicate<List<zipkin2.Span>> rejectIf = spans -> false;
  private Supplier<SendException> refusal;
  private int attempts;
  /** Counts calls of close(), and releases {@link #blockUninterruptiblyUntilClosed()}. */
  final java.util.concurrent.Phaser closes = new java.util.concurrent.Phaser(1);

  FakeSender(int messageMaxBytes) {
    this.messageMaxBytes = messageMaxBytes;
  }

  synchronized FakeSender then(Answer answer) {
    script.add(answer);
    return this;
  }

  /** Asks to split any message holding a span the predicate matches. */
  synchronized FakeSender rejecting(Predicate<zipkin2.Span> poison) {
    return rejecting(poison, () -> SendException.splitBatch("poison span"));
  }

  /** Refuses any message holding a span the predicate matches with {@code refusal}. */
  synchronized FakeSender rejecting(Predicate<zipkin2.Span> poison, Supplier<SendException> refusal) {
    rejectIf = spans -> spans.stream().anyMatch(poison);
    this.refusal = refusal;
    return this;
  }

  /** Answers with the refusal, e.g. {@code refuse(SendException.retryLater("busy"))}. */
  static Answer refuse(SendException refusal) {
    return message -> {
      throw refusal;
    };
  }

  static Answer connectionRefused() {
    return message -> {
      throw new java.net.ConnectException("scripted refusal");
    };
  }

  static Answer blockUntil(CountDownLatch latch) {
    return message -> {
      try {
        latch.await();
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      }
    };
  }

  /**
   * Blocks until this sender is closed, ignoring interrupts as a blocking socket read does, then
   * fails as a send aborted by close() does.
   */
  Answer blockUninterruptiblyUntilClosed(CountDownLatch started) {
    return message -> {
      started.countDown();
      boolean interrupted = false;
      while (closes.getPhase() == 0) {
        try {
          closes.awaitAdvanceInterruptibly(0);
        } catch (InterruptedException e) {
          interrupted = true; // ignored, and restored below
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      throw new IOException("sender is closed");
    };
  }

  @Override
  public Encoding encoding() {
    return Encoding.JSON;
  }

  @Override
  public int messageMaxBytes() {
    return messageMaxBytes;
  }

  @Override
  public void send(byte[] message, int spanCount) throws IOException {
    Answer answer;
    List<zipkin2.Span> spans = SpanBytesDecoder.JSON_V2.decodeList(message);
    if (spans.size() != spanCount) throw new AssertionError(spans.size() + " spans sent as " + spanCount);
    synchronized (this) {
      attempts++;
      answer = script.poll();
    }
    if (answer != null) answer.answer(message);
    synchronized (this) {
      if (rejectIf.test(spans)) throw refusal.get();
      accepted.addAll(spans);
      messageSizes.add(message.length);
    }
  }

  synchronized List<zipkin2.Span> accepted() {
    return new ArrayList<>(accepted);
  }

  synchronized List<Integer> messageSizes() {
    return new ArrayList<>(messageSizes);
  }

  boolean closed() {
    return closes.getPhase() > 0;
  }

  synchronized int attempts() {
    return attempts;
  }

  @Override
  public void close() {
    closes.arrive();
  }

  static FinishedSpan span(long id) {
    return FinishedSpan.builder(TraceContext.builder().traceId(id).spanId(id).build())
        .name(String.format("span %06d", id)).timestamp(1_700_000_000_000_000L).duration(10).build();
  }
}
