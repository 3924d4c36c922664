package io.ziptrace.kafka;

import io.ziptrace.Endpoint;
import io.ziptrace.IncomingContext;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.kafka.TopicSampler.Decision;
import java.util.List;

/**
 * Creates the PRODUCER, CONSUMER and processing spans, so that the three agree on parents,
 * sampling, names and tags.
 */
final class MessagingSpans {
  static final String TOPIC_TAG = "kafka.topic";
  static final String KEY_TAG = "kafka.key";

  private final Tracer tracer;
  private final Endpoint remoteEndpoint; // null when no remote service name is configured
  private final TopicSampler producerSampler;
  private final TopicSampler consumerSampler;

  MessagingSpans(Tracer tracer, String remoteServiceName, TopicSampler producerSampler, TopicSampler consumerSampler) {
    this.tracer = tracer;
    this.remoteEndpoint = remoteServiceName == null || remoteServiceName.isEmpty() ? null : Endpoint.of(remoteServiceName);
    this.producerSampler = producerSampler;
    this.consumerSampler = consumerSampler;
  }

  /** A started PRODUCER span {@code send}, tagged with the topic and a String key. */
  Span producer(IncomingContext parent, String topic, Object key) {
    Span span = next(parent, producerSampler, topic).kind(Kind.PRODUCER).name("send");
    tag(span, topic, key);
    if (remoteEndpoint != null) span.remoteEndpoint(remoteEndpoint);
    return span.start();
  }

  /** A started CONSUMER span {@code poll}, tagged with the topic. */
  Span consumer(IncomingContext incoming, String topic) {
    Span span = next(incoming, consumerSampler, topic).kind(Kind.CONSUMER).name("poll");
    tag(span, topic, null);
    if (remoteEndpoint != null) span.remoteEndpoint(remoteEndpoint);
    return span.start();
  }

  /**
   * An unstarted span for processing a received record: a child of {@code incoming}, or, as
   * Brave does, a new trace tagged with the topic and key when the record carried no context.
   */
  Span processor(IncomingContext incoming, String topic, Object key) {
    Span span = next(incoming, TopicSampler.DEFER, topic);
    if (incoming.context() == null) tag(span, topic, key);
    return span;
  }

  /**
   * A new trace decided by the sampler, the mistake of giving no record counted as misuse, as the
   * tracer does for a null parent.
   */
  Span withoutParent() {
    return tracer.nextSpan((IncomingContext) null);
  }

  /** A new trace, for when tracing the record itself failed. */
  Span newTrace() {
    return tracer.newTrace();
  }

  /** The values of the tracer's baggage fields in {@code incoming}, to tell records apart by. */
  List<String> baggageValues(IncomingContext incoming) {
    return IncomingBaggage.values(incoming, tracer.baggageFields());
  }

  /**
   * A child of the incoming context, or a new trace with the incoming sampling decision; the
   * topic sampler decides only what nobody upstream decided. The incoming baggage is kept.
   */
  private Span next(IncomingContext incoming, TopicSampler sampler, String topic) {
    TraceContext parent = incoming.context();
    if (parent != null) {
      if (parent.sampled() == null) {
        Decision decision = decide(sampler, topic);
        if (decision != Decision.DEFER) parent = parent.toBuilder().sampled(decision == Decision.SAMPLE).build();
      }
      return tracer.newChild(parent);
    }
    if (incoming.debug() || incoming.sampled() != null) return tracer.nextSpan(incoming);
    Decision decision = decide(sampler, topic);
    if (decision == Decision.DEFER) return tracer.nextSpan(incoming);
    IncomingContext decided = IncomingContext.samplingOnly(decision == Decision.SAMPLE, false);
    return tracer.nextSpan(IncomingBaggage.copy(incoming, decided, tracer.baggageFields()));
  }

  private static Decision decide(TopicSampler sampler, String topic) {
    try {
      Decision decision = sampler.decide(topic);
      return decision == null ? Decision.DEFER : decision;
    } catch (RuntimeException e) {
      return Decision.DEFER; // a broken sampler must not break sending or polling
    }
  }

  /** Only a non-empty String key is readable in Zipkin; binary keys are not tagged. */
  private static void tag(Span span, String topic, Object key) {
    if (topic != null) span.tag(TOPIC_TAG, topic);
    if (key instanceof String && !((String) key).isEmpty()) span.tag(KEY_TAG, (String) key);
  }
}
