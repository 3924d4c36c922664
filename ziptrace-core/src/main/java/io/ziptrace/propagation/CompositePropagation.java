package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Several propagations at once, e.g. B3 and W3C during a migration: injects every one, and
 * extracts from the first that finds a context (or, failing that, the first sampling decision).
 *
 * <p>One exception to "the first wins": W3C's {@code tracestate} (and its random-trace-id flag)
 * can only travel in {@code traceparent}'s company, so when a propagation before a {@link
 * TraceparentPropagation} finds the context (B3, say), and the request also carries a valid
 * {@code traceparent} with the same trace id and span id, the context keeps that {@code
 * traceparent}'s {@code tracestate} and random-trace-id flag. The ids and the sampling decision
 * still come from the first; a {@code traceparent} that names another span is ignored, as if
 * absent. So a caller that sends both B3 and W3C headers (an OpenTelemetry client configured with
 * both) loses no other vendor's entries to a B3-first composite.
 */
public final class CompositePropagation implements Propagation {
  private final List<Propagation> propagations;
  private final List<String> keys;
  /** The position of the first {@link TraceparentPropagation}, or -1: a context found before it may take its tracestate. */
  private final int traceparentIndex;

  private CompositePropagation(List<Propagation> propagations) {
    this.propagations = propagations;
    LinkedHashSet<String> allKeys = new LinkedHashSet<>();
    for (Propagation propagation : propagations) allKeys.addAll(propagation.keys());
    this.keys = List.copyOf(allKeys);
    int w3c = -1;
    for (int i = 0; i < propagations.size() && w3c < 0; i++) {
      if (propagations.get(i) instanceof TraceparentPropagation) w3c = i;
    }
    this.traceparentIndex = w3c;
  }

  /** Combines {@code propagations}, in order of preference. */
  public static CompositePropagation of(Propagation... propagations) {
    List<Propagation> list = new ArrayList<>();
    for (Propagation propagation : propagations) list.add(Objects.requireNonNull(propagation, "propagation"));
    if (list.isEmpty()) throw new IllegalArgumentException("no propagation given");
    return new CompositePropagation(List.copyOf(list));
  }

  /** The propagations combined, in order of preference. */
  List<Propagation> members() {
    return propagations;
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    for (Propagation propagation : propagations) propagation.inject(context, carrier, setter);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    IncomingContext samplingOnly = IncomingContext.EMPTY;
    for (int i = 0; i < propagations.size(); i++) {
      IncomingContext extracted = propagations.get(i).extract(carrier, getter);
      if (extracted.context() != null) {
        return i < traceparentIndex ? withTraceState(extracted, carrier, getter) : extracted;
      }
      if (samplingOnly.isEmpty()) samplingOnly = extracted;
    }
    return samplingOnly;
  }

  /**
   * {@code found}, a context read from other headers than W3C's (B3), with the {@code
   * tracestate} and random-trace-id flag of a valid {@code traceparent} in the same headers that
   * has the same trace id and span id; {@code found} itself when there is no such {@code
   * traceparent}, when it adds nothing, or when {@code found} has a tracestate already.
   *
   * <p>The one place where a context from one format takes what only W3C carries: this
   * composite's {@link #extract}, and {@link B3Propagation#withTraceState()} for messages, use it.
   * When the headers hold no {@code traceparent} (the common case) this costs one header lookup
   * and allocates nothing. The trace id, span id and sampling decision stay {@code found}'s: a
   * {@code traceparent} naming another span (left behind by a hop that reads only B3 and wrote
   * new B3 headers, say) describes some other span, and its {@code tracestate} belongs to that
   * span's vendors' view of it, so it is ignored whole.
   */
  static <C> IncomingContext withTraceState(IncomingContext found, C carrier, HeaderGetter<C> getter) {
    TraceContext context = found.context();
    if (context == null || context.traceState() != null) return found;
    if (SafeHeaders.get(carrier, getter, TraceparentPropagation.TRACEPARENT) == null) return found;
    TraceContext w3c = TraceparentPropagation.create().extract(carrier, getter).context();
    if (w3c == null
        || w3c.traceIdHigh() != context.traceIdHigh()
        || w3c.traceId() != context.traceId()
        || w3c.spanId() != context.spanId()) {
      return found;
    }
    boolean random = w3c.randomTraceId() && !context.randomTraceId();
    if (w3c.traceState() == null && !random) return found;
    TraceContext.Builder merged = context.toBuilder();
    if (w3c.traceState() != null) merged.traceState(w3c.traceState());
    if (random) merged.randomTraceId(true);
    return IncomingContext.of(merged.build());
  }

  @Override
  public String toString() {
    return "CompositePropagation" + propagations;
  }
}
