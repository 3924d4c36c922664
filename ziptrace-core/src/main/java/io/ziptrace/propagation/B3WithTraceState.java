package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.List;

/** See {@link B3Propagation#withTraceState()}. */
final class B3WithTraceState implements Propagation {
  static final B3WithTraceState MULTI = new B3WithTraceState(B3Propagation.multi());
  static final B3WithTraceState SINGLE = new B3WithTraceState(B3Propagation.single());

  private final B3Propagation b3;
  private final List<String> keys;

  private B3WithTraceState(B3Propagation b3) {
    this.b3 = b3;
    List<String> all = new ArrayList<>(b3.keys());
    all.addAll(TraceparentPropagation.create().keys());
    this.keys = List.copyOf(all);
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    b3.inject(context, carrier, setter);
    // Only a trace that has a tracestate needs traceparent beside B3: every other one is written
    // exactly as B3 alone writes it, byte for byte, and for the same allocations.
    if (context.traceState() != null) TraceparentPropagation.create().inject(context, carrier, setter);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    IncomingContext extracted = b3.extract(carrier, getter);
    // B3 decides the context: without one, traceparent is not even looked up.
    return extracted.context() == null ? extracted : CompositePropagation.withTraceState(extracted, carrier, getter);
  }

  @Override
  public String toString() {
    return b3 + ".withTraceState()";
  }
}
