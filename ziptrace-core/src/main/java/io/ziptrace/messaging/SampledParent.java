package io.ziptrace.messaging;

import io.ziptrace.BaggageField;
import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.messaging.MessageSampler.Decision;

/**
 * The one parent rule of messaging spans: a child of the incoming context, or a new trace that
 * keeps the incoming sampling decision and baggage; a destination's sampler decides only what
 * nobody upstream decided.
 */
final class SampledParent {
  private final Tracer tracer;

  SampledParent(Tracer tracer) {
    this.tracer = tracer;
  }

  /** An unstarted span continuing {@code incoming}, sampled as described above. */
  Span next(IncomingContext incoming, MessageSampler sampler, MessageInfo message) {
    if (incoming == null) return tracer.nextSpan((IncomingContext) null); // a new trace, counted as misuse
    TraceContext parent = incoming.context();
    if (parent != null) {
      if (parent.sampled() == null) {
        Decision decision = decide(sampler, message);
        if (decision != Decision.DEFER) parent = parent.toBuilder().sampled(decision == Decision.SAMPLE).build();
      }
      return tracer.newChild(parent);
    }
    if (incoming.debug() || incoming.sampled() != null) return tracer.nextSpan(incoming);
    Decision decision = decide(sampler, message);
    if (decision == Decision.DEFER) return tracer.nextSpan(incoming);
    IncomingContext decided = IncomingContext.samplingOnly(decision == Decision.SAMPLE, false);
    for (BaggageField field : tracer.baggageFields()) {
      String value = incoming.baggage(field);
      if (value != null) decided = decided.withBaggage(field, value);
    }
    return tracer.nextSpan(decided);
  }

  /** The sampler's decision; {@code DEFER} when it returns null or throws. */
  private static Decision decide(MessageSampler sampler, MessageInfo message) {
    try {
      Decision decision = sampler.decide(message.destination());
      return decision == null ? Decision.DEFER : decision;
    } catch (RuntimeException e) {
      return Decision.DEFER; // a broken sampler must not break sending or receiving
    }
  }
}
