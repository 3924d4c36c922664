package io.ziptrace.micrometer;

import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.ScopedSpan;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.SpanCustomizer;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.Map;

/**
 * Micrometer's {@link Tracer} over a ziptrace tracer: new spans are children of the span current
 * on the calling thread ({@link ZiptraceCurrentTraceContext}), baggage calls go to {@link
 * ZiptraceBaggageManager}.
 */
final class ZiptraceTracer implements Tracer {
  final io.ziptrace.Tracer core;
  private final ZiptraceCurrentTraceContext current;
  private final ZiptraceBaggageManager baggage;

  ZiptraceTracer(io.ziptrace.Tracer core, ZiptraceCurrentTraceContext current, ZiptraceBaggageManager baggage) {
    this.core = core;
    this.current = current;
    this.baggage = baggage;
  }

  @Override
  public Span nextSpan() {
    ZiptraceTraceContext parent = current.context();
    return ZiptraceSpan.of(parent == null ? core.newTrace() : core.newChild(parent.delegate));
  }

  /**
   * A child of {@code parent}; the current span's child when {@code parent} is null. A span of
   * another bridge is continued from its ids; one without valid ids is counted as a misuse of the
   * ziptrace tracer and replaced by the current span.
   */
  @Override
  public Span nextSpan(Span parent) {
    if (parent == null) return nextSpan();
    ZiptraceTraceContext context = parent instanceof ZiptraceSpan
        ? ((ZiptraceSpan) parent).context
        : ZiptraceTraceContext.of(parent.context());
    if (context == null) {
      core.countMisuse();
      return nextSpan();
    }
    return ZiptraceSpan.of(core.newChild(withCurrentBaggage(context.delegate)));
  }

  /**
   * The context a child of {@code parent} should inherit from: the current one when it is the
   * same span. Baggage put in scope on a span lives on a copy of its context made current (ziptrace
   * contexts never change), so a child started from the span itself, as an Observation handler
   * starts a client span from its parent's span, would otherwise lose the value; Brave's bridge
   * changes the context in place and sends it.
   */
  io.ziptrace.TraceContext withCurrentBaggage(io.ziptrace.TraceContext parent) {
    ZiptraceTraceContext currentContext = current.context();
    return currentContext != null && currentContext.delegate.equals(parent) ? currentContext.delegate : parent;
  }

  /** Makes {@code span} current until the result closes; {@code null} makes no span current. */
  @Override
  public SpanInScope withSpan(Span span) {
    CurrentTraceContext.Scope scope = current.newScope(span == null ? null : span.context());
    return scope::close;
  }

  @Override
  public ScopedSpan startScopedSpan(String name) {
    ZiptraceSpan span = (ZiptraceSpan) nextSpan().name(name).start();
    return new ZiptraceScopedSpan(span, current.open(span.context));
  }

  @Override
  public Span.Builder spanBuilder() {
    return new ZiptraceSpanBuilder(this, null);
  }

  @Override
  public TraceContext.Builder traceContextBuilder() {
    return new ZiptraceTraceContextBuilder();
  }

  @Override
  public ZiptraceCurrentTraceContext currentTraceContext() {
    return current;
  }

  /** The current span (changes go to it), or {@link SpanCustomizer#NOOP} when there is none. */
  @Override
  public SpanCustomizer currentSpanCustomizer() {
    Span span = currentSpan();
    return span != null ? span : SpanCustomizer.NOOP;
  }

  @Override
  public Span currentSpan() {
    ZiptraceTraceContext context = current.context();
    return context == null ? null : new ZiptraceSpan(context);
  }

  @Override
  public Map<String, String> getAllBaggage() {
    return baggage.getAllBaggage();
  }

  @Override
  public Map<String, String> getAllBaggage(TraceContext traceContext) {
    return baggage.getAllBaggage(traceContext);
  }

  @Override
  public Baggage getBaggage(String name) {
    return baggage.getBaggage(name);
  }

  @Override
  public Baggage getBaggage(TraceContext traceContext, String name) {
    return baggage.getBaggage(traceContext, name);
  }

  @Deprecated
  @Override
  public Baggage createBaggage(String name) {
    return baggage.createBaggage(name);
  }

  @Deprecated
  @Override
  public Baggage createBaggage(String name, String value) {
    return baggage.createBaggage(name, value);
  }

  @Override
  public BaggageInScope createBaggageInScope(String name, String value) {
    return baggage.createBaggageInScope(name, value);
  }

  @Override
  public BaggageInScope createBaggageInScope(TraceContext traceContext, String name, String value) {
    return baggage.createBaggageInScope(traceContext, name, value);
  }

  @Override
  public List<String> getBaggageFields() {
    return baggage.getBaggageFields();
  }

  @Override
  public String toString() {
    return "ZiptraceTracer{" + core + "}";
  }
}
