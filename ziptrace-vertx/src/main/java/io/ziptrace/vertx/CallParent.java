package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.tracing.TracingPolicy;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;

/**
 * The one rule for what a call sent from a Vert.x context (an HTTP request, an event-bus message,
 * a SQL query, a Cassandra statement, a Redis command, a Kafka record) continues: the span handled on that context, or, when there is
 * none, a new trace, but only under {@link TracingPolicy#ALWAYS}; {@code PROPAGATE} has nothing
 * to continue, so the call goes untraced.
 */
final class CallParent {
  private static final CallParent NEW_TRACE = new CallParent(null);

  /** The parent, or null for a new trace. */
  private final TraceContext context;

  private CallParent(TraceContext context) {
    this.context = context;
  }

  /** What a call sent from {@code context} under {@code policy} continues, or null when it is not traced. */
  static CallParent of(Context context, TracingPolicy policy) {
    HandledSpan caller = ContextSpans.get(context);
    if (caller != null) return new CallParent(caller.parent());
    return policy == TracingPolicy.ALWAYS ? NEW_TRACE : null;
  }

  /** The handled span's context, or null when the call starts a new trace. */
  TraceContext context() {
    return context;
  }

  /** An unstarted span: a child of the parent, or the root of a new trace. */
  Span newSpan(Tracer tracer) {
    return context == null ? tracer.newTrace() : tracer.newChild(context);
  }
}
