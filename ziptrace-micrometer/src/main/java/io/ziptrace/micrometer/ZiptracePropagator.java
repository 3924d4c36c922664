package io.ziptrace.micrometer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.propagation.Propagator;
import io.ziptrace.IncomingContext;
import io.ziptrace.propagation.HeaderGetter;
import io.ziptrace.propagation.Propagation;
import java.util.ArrayList;
import java.util.List;

/**
 * Micrometer's {@link Propagator} over a ziptrace {@link Propagation} (B3, W3C trace context,
 * baggage): {@link #extract} returns a span builder whose span continues the extracted trace.
 */
final class ZiptracePropagator implements Propagator {
  private final ZiptraceTracer tracer;
  private final Propagation propagation;

  ZiptracePropagator(ZiptraceTracer tracer, Propagation propagation) {
    this.tracer = tracer;
    this.propagation = propagation;
  }

  @Override
  public List<String> fields() {
    return propagation.keys();
  }

  /** Writes {@code context}'s headers; a context without valid ids writes nothing. */
  @Override
  public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
    ZiptraceTraceContext view = ZiptraceTraceContext.of(context);
    if (view == null || setter == null) return;
    propagation.inject(view.delegate, carrier, setter::set);
  }

  @Override
  public <C> Span.Builder extract(C carrier, Getter<C> getter) {
    IncomingContext incoming = getter == null
        ? IncomingContext.EMPTY
        : propagation.extract(carrier, new Headers<>(getter));
    return new ZiptraceSpanBuilder(tracer, incoming);
  }

  @Override
  public String toString() {
    return "ZiptracePropagator{" + propagation + "}";
  }

  /** Reads headers through Micrometer's getter. */
  private static final class Headers<C> implements HeaderGetter<C> {
    private final Getter<C> getter;

    Headers(Getter<C> getter) {
      this.getter = getter;
    }

    @Override
    public String get(C carrier, String key) {
      return getter.get(carrier, key);
    }

    @Override
    public List<String> getAll(C carrier, String key) {
      Iterable<String> all = getter.getAll(carrier, key);
      List<String> values = new ArrayList<>();
      if (all != null) all.forEach(values::add);
      return values;
    }
  }
}
