package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.tracing.TracingPolicy;
import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.messaging.MessageParser;
import io.ziptrace.messaging.MessagingTracing;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.Propagation;
import java.util.function.BiConsumer;

/**
 * Tracing of Vert.x's Kafka client ({@code vertx-kafka-client}), through core's shared {@link
 * MessagingTracing}, recognised by the tags the client describes its records with, so that this
 * module needs no Kafka classes. A PRODUCER span {@code send} per record sent, child of the span
 * handled on the sender's context; a CONSUMER span {@code receive} per record handed to the
 * record handler, continuing the trace of the record's headers and visible to the handler
 * through its context, so that what the handler sends is its child. Both are tagged {@code
 * kafka.topic} and have {@code kafka} as remote service, as ziptrace's Kafka instrumentation
 * records them.
 *
 * <p>The headers are those that instrumentation writes and Brave's reads: one {@code b3} header
 * (single format, no parent id), with {@code traceparent} and {@code tracestate} beside it for a
 * trace that has a W3C tracestate, and the tracer's remote baggage fields. The client hands the
 * tracer neither the record's key nor its existing headers on send, so no {@code kafka.key} tag
 * is recorded and the headers are added to those the record already has.
 */
final class KafkaClientTracing {
  /** The tag holding the topic. */
  static final String TOPIC_TAG = "kafka.topic";

  private final MessagingTracing messaging;
  private final Propagation propagation;

  KafkaClientTracing(Tracer tracer) {
    this.messaging = MessagingTracing.builder(tracer)
        .remoteServiceName("kafka")
        .parser(MessageParser.tags(TOPIC_TAG, null))
        .build();
    this.propagation = BaggagePropagation.wrap(B3Propagation.single().withTraceState(), tracer.baggageFields());
  }

  /** Whether Vert.x describes the call as a Kafka record sent or received. */
  static boolean isRecord(SpanKind kind, VertxTags tags) {
    if (kind != SpanKind.MESSAGING) return false;
    return "kafka".equals(tags.get("messaging.system")) || "kafka".equals(tags.get("peer.service"));
  }

  /**
   * The PRODUCER span of a record about to be sent from {@code context}, whose context goes into
   * the record's headers; null when the policy starts no trace and there is none to continue.
   */
  TracedCall send(Context context, TracingPolicy policy, VertxTags tags, BiConsumer<String, String> headers) {
    CallParent parent = CallParent.of(context, policy);
    if (parent == null) return null;
    Span span = messaging.producer(parent.context(), IncomingContext.EMPTY, new DescribedMessage("send", tags));
    MessagingTracing.inject(propagation, span.context(), headers, BiConsumer::accept);
    return new SpanCall(span);
  }

  /**
   * The CONSUMER span of a record handed to the record handler, visible to the handler through
   * {@code context}: a child of the record's context, else a new trace, but only under {@link
   * TracingPolicy#ALWAYS}; null otherwise (the client's default policy is {@code PROPAGATE}).
   */
  TracedCall receive(Context context, TracingPolicy policy, Headers headers, VertxTags tags) {
    IncomingContext incoming = propagation.extract(headers.lastWins(), Headers.GETTER);
    if (incoming.isEmpty() && policy != TracingPolicy.ALWAYS) return null;
    Span span = messaging.consumer(incoming, new DescribedMessage("receive", tags));
    ContextSpans.put(context, new HandledSpan(span));
    return new SpanCall(span);
  }
}
