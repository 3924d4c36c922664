package io.ziptrace.kafka;

import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.messaging.MessagingTracing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The CONSUMER spans of one poll: one per distinct incoming trace context (and topic), continuing
 * it, and, for records without context, one per topic (or one per record when not shared). Each record's
 * trace headers are then replaced by its CONSUMER span's context. The spans are zero-length:
 * they mark the moment the records arrived.
 */
final class PollSpans {
  private final MessagingTracing messaging;
  private final boolean shareSpanWithoutContext;
  private final Map<SpanKey, Span> shared = new HashMap<>();
  private final List<Span> started = new ArrayList<>();

  private PollSpans(MessagingTracing messaging, boolean shareSpanWithoutContext) {
    this.messaging = messaging;
    this.shareSpanWithoutContext = shareSpanWithoutContext;
  }

  /**
   * Records the CONSUMER spans of {@code records}, with the baggage each record carried, and
   * rewrites their trace headers (their baggage headers stay as received). Never throws.
   */
  static void trace(ConsumerRecords<?, ?> records, MessagingTracing messaging, KafkaHeaders headers,
      boolean shareSpanWithoutContext) {
    PollSpans poll = new PollSpans(messaging, shareSpanWithoutContext);
    try {
      for (ConsumerRecord<?, ?> record : records) {
        Span span = poll.spanFor(headers.extract(record.headers()), record.topic());
        headers.replaceContext(record.headers(), span.context());
      }
    } catch (RuntimeException e) {
      KafkaLog.tracingFailed("trace a poll", e);
    } finally {
      for (Span span : poll.started) span.finish();
    }
  }

  private Span spanFor(IncomingContext incoming, String topic) {
    TraceContext context = incoming.context();
    if (context == null && !shareSpanWithoutContext) return start(incoming, topic);
    // Without context, records asking for different sampling decisions, or carrying different
    // baggage, cannot share a span.
    SpanKey key = new SpanKey(topic, context, incoming.sampled(), incoming.debug(), IncomingBaggage.values(incoming, messaging.tracer().baggageFields()));
    return shared.computeIfAbsent(key, k -> start(incoming, topic));
  }

  private Span start(IncomingContext incoming, String topic) {
    Span span = messaging.consumer(incoming, KafkaMessage.poll(topic));
    started.add(span);
    return span;
  }

  /** The span is tagged with one topic, so records share it only within a topic. */
  private record SpanKey(String topic, TraceContext context, Boolean sampled, boolean debug, List<String> baggage) {}
}
