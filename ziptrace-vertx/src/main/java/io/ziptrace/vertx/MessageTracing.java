package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.messaging.MessageParser;
import io.ziptrace.messaging.MessagingTracing;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.Propagation;
import java.util.function.BiConsumer;

/**
 * Event-bus tracing, through core's shared {@link MessagingTracing}: a PRODUCER span per message
 * sent or published, child of the span handled on the sender's context, whose context travels in
 * the message headers; a CONSUMER span per delivery, child of the producer's span. Both are named
 * after the operation ({@code send}, {@code publish}), tagged with the address, and have {@code
 * vertx-eventbus} as remote service, so that Zipkin draws service → vertx-eventbus → service.
 * The tracer's remote baggage fields travel in the message headers too (the W3C {@code baggage}
 * header and each field's own), so the consumer's handler finds them on its span's context; with
 * the default propagation, so does the trace's W3C {@code tracestate}.
 */
final class MessageTracing {
  /** The tag holding the event-bus address. */
  static final String ADDRESS_TAG = "vertx.eventbus.address";

  private final MessagingTracing messaging;
  private final Propagation propagation;
  private final ResponseTimeout replyTimeout;

  MessageTracing(Tracer tracer, Propagation propagation, ResponseTimeout replyTimeout) {
    this.messaging = MessagingTracing.builder(tracer)
        .remoteServiceName("vertx-eventbus")
        .parser(MessageParser.tags(ADDRESS_TAG, null))
        .build();
    this.propagation = BaggagePropagation.wrap(propagation, tracer.baggageFields());
    this.replyTimeout = replyTimeout;
  }

  /** The PRODUCER span of a message about to be sent from a context that {@code parent} describes. */
  TracedCall send(CallParent parent, VertxTags tags, String operation, BiConsumer<String, String> headers) {
    Span span = messaging.producer(parent.context(), IncomingContext.EMPTY, new DescribedMessage(operation, tags));
    propagation.inject(span.context(), headers, BiConsumer::accept);
    return new SpanCall(span);
  }

  /**
   * The CONSUMER span of a delivery, visible to the handler through its context, or null when
   * the message carries no trace context (Vert.x always asks to only propagate here).
   *
   * <p>Vert.x ends a delivery that awaits no reply (a publish, a send without a reply handler)
   * as soon as its handler returns, and one that awaits a reply ({@code request}) when the
   * reply goes out, so the span covers the work the reply waits for, however asynchronous. A
   * consumer that never replies (it forgets to, or its handler throws) is never ended by
   * Vert.x: its span ends at the response timeout, with an error saying no reply came. Not at
   * the handler's return, which would cut short every consumer that replies later; not at the
   * sender's timeout, which the consumer never learns (it stays in the sender's delivery
   * options, and may be in another process).
   */
  TracedCall receive(Context context, Headers headers, VertxTags tags, String operation, Object message) {
    IncomingContext incoming = propagation.extract(headers, Headers.GETTER);
    if (incoming.context() == null) return null;
    Span span = messaging.consumer(incoming, new DescribedMessage(operation, tags));
    ContextSpans.put(context, new HandledSpan(span));
    SpanCall call = new SpanCall(span);
    // An unsampled span records nothing: no timer to finish it.
    return awaitsReply(message) && !span.isNoop() ? replyTimeout.watch(context, call, "no reply") : call;
  }

  private static boolean awaitsReply(Object message) {
    return message instanceof io.vertx.core.eventbus.Message<?> m && m.replyAddress() != null;
  }
}
