package io.ziptrace.kafka;

import io.ziptrace.Span;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Finishes the PRODUCER span when the broker acknowledges the record (or the send fails), then
 * runs the caller's callback, which so sees a complete span.
 */
final class TracingCallback implements Callback {
  private final Span span;
  private final Callback delegate; // may be null
  // KafkaProducer may both call the callback and throw for one send: finish the span once.
  private final AtomicBoolean finished = new AtomicBoolean();

  TracingCallback(Span span, Callback delegate) {
    this.span = span;
    this.delegate = delegate;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    finish(exception);
    if (delegate != null) delegate.onCompletion(metadata, exception);
  }

  /** Finishes the span, tagging {@code error} unless it is null; later calls are ignored. */
  void finish(Throwable error) {
    if (!finished.compareAndSet(false, true)) return;
    if (error != null) span.error(error);
    span.finish();
  }
}
