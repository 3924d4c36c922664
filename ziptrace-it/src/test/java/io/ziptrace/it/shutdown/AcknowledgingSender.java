package io.ziptrace.it.shutdown;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.Sender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A {@link Sender} that lets another do the transport and, after each message the collector
 * accepted, records the ids of the spans in it (decoded with the zipkin2 library) and the {@link
 * CollectorPhase} when the send started and when it returned.
 */
final class AcknowledgingSender implements Sender {
  /**
   * One accepted message: the phase when it was sent and when it was answered, when that was
   * ({@link System#nanoTime()}), and its span ids.
   */
  record Ack(CollectorPhase sentIn, CollectorPhase answeredIn, long answeredAtNanos, List<String> spanIds) {}

  private final Sender delegate;
  private final Supplier<CollectorPhase> phase;
  private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();

  /** Sends through {@code delegate}, reading the phase from {@code phase}. */
  AcknowledgingSender(Sender delegate, Supplier<CollectorPhase> phase) {
    this.delegate = delegate;
    this.phase = phase;
  }

  /** The messages accepted so far, in the order they were answered. */
  List<Ack> acks() {
    return new ArrayList<>(acks);
  }

  @Override
  public void send(byte[] buffer, int length, int spanCount) throws IOException {
    CollectorPhase sentIn = phase.get();
    delegate.send(buffer, length, spanCount);
    long answeredAtNanos = System.nanoTime();
    CollectorPhase answeredIn = phase.get();
    // Decoded before returning: the reporter writes its next message into the same array.
    List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(Arrays.copyOf(buffer, length));
    if (spans.size() != spanCount) throw new IllegalStateException(spans.size() + " spans in a message said to hold " + spanCount);
    acks.add(new Ack(sentIn, answeredIn, answeredAtNanos, spans.stream().map(Span::id).toList()));
  }

  @Override
  public void send(byte[] message, int spanCount) throws IOException {
    send(message, message.length, spanCount);
  }

  @Override
  public Encoding encoding() {
    return delegate.encoding();
  }

  @Override
  public int messageMaxBytes() {
    return delegate.messageMaxBytes();
  }

  @Override
  public String destination() {
    return delegate.destination();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
