package io.ziptrace.micrometer;

import io.micrometer.tracing.TraceContext;

/**
 * Micrometer's view of a ziptrace {@link io.ziptrace.TraceContext}, plus the span it belongs to
 * when there is one, so that {@code tracer.currentSpan()} writes into the span in flight. Equal
 * when the ids and sampling flags are, whatever the baggage: scopes and Micrometer's thread-local
 * accessors compare contexts that way.
 */
final class ZiptraceTraceContext implements TraceContext {
  final io.ziptrace.TraceContext delegate;
  /** Null for a context that was built or extracted rather than taken from a span. */
  final SpanState state;

  ZiptraceTraceContext(io.ziptrace.TraceContext delegate, SpanState state) {
    this.delegate = delegate;
    this.state = state;
  }

  /** This context with {@code delegate} replaced, e.g. by a copy with more baggage. */
  ZiptraceTraceContext with(io.ziptrace.TraceContext changed) {
    return changed == delegate ? this : new ZiptraceTraceContext(changed, state);
  }

  /**
   * The ziptrace context behind {@code context}; a context of another Micrometer bridge is
   * rebuilt from its hex ids (null when they are not valid ids).
   */
  static ZiptraceTraceContext of(TraceContext context) {
    if (context == null || context instanceof ZiptraceTraceContext) return (ZiptraceTraceContext) context;
    io.ziptrace.TraceContext rebuilt = Ids.toZiptrace(context);
    return rebuilt == null ? null : new ZiptraceTraceContext(rebuilt, null);
  }

  @Override
  public String traceId() {
    return delegate.traceIdString();
  }

  @Override
  public String parentId() {
    return delegate.parentIdString();
  }

  @Override
  public String spanId() {
    return delegate.spanIdString();
  }

  @Override
  public Boolean sampled() {
    return delegate.sampled();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ZiptraceTraceContext && delegate.equals(((ZiptraceTraceContext) o).delegate));
  }

  @Override
  public int hashCode() {
    return delegate.hashCode();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
