package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.tracing.TracingPolicy;
import io.ziptrace.Endpoint;
import io.ziptrace.IncomingContext;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.Propagation;
import java.util.function.BiConsumer;

/**
 * Event-bus tracing: a PRODUCER span per message sent or published, child of the span handled
 * on the sender's context, whose context travels in the message headers; a CONSUMER span per
 * delivery, child of the producer's span. Both are named after the operation ({@code send},
 * {@code publish}), tagged with the address, and have {@code vertx-eventbus} as remote service,
 * so that Zipkin draws service → vertx-eventbus → service. The tracer's remote baggage fields
 * travel in the message headers too (the W3C {@code baggage} header and each field's own), so
 * the consumer's handler finds them on its span's context; with the default propagation, so does
 * the trace's W3C {@code tracestate}.
 */
final class MessageTracing {
  /** The tag holding the event-bus address. */
  static final String ADDRESS_TAG = "vertx.eventbus.address";
  private static final Endpoint EVENT_BUS = Endpoint.of("vertx-eventbus");

  private final Tracer tracer;
  private final Propagation propagation;

  MessageTracing(Tracer tracer, Propagation propagation) {
    this.tracer = tracer;
    this.propagation = BaggagePropagation.wrap(propagation, tracer.baggageFields());
  }

  /** The PRODUCER span of a message about to be sent, or null when the policy says not to trace it. */
  TracedCall send(Context context, TracingPolicy policy, VertxTags tags, String operation, BiConsumer<String, String> headers) {
    HandledSpan sender = ContextSpans.get(context);
    if (sender == null && policy != TracingPolicy.ALWAYS) return null; // PROPAGATE: nothing to continue
    Span span = sender == null ? tracer.newTrace() : tracer.newChild(sender.parent());
    start(span, Kind.PRODUCER, operation, tags);
    propagation.inject(span.context(), headers, BiConsumer::accept);
    return new SpanCall(span);
  }

  /**
   * The CONSUMER span of a delivery, visible to the handler through its context, or null when
   * the message carries no trace context (Vert.x always asks to only propagate here).
   */
  TracedCall receive(Context context, Headers headers, VertxTags tags, String operation) {
    IncomingContext incoming = propagation.extract(headers, Headers.GETTER);
    TraceContext producer = incoming.context();
    if (producer == null) return null;
    Span span = tracer.newChild(producer);
    start(span, Kind.CONSUMER, operation, tags);
    ContextSpans.put(context, new HandledSpan(span));
    return new SpanCall(span);
  }

  private static void start(Span span, Kind kind, String operation, VertxTags tags) {
    span.kind(kind).name(operation).remoteEndpoint(EVENT_BUS);
    String address = tags.get("messaging.destination.name");
    if (address != null) span.tag(ADDRESS_TAG, address);
    span.start();
  }
}
