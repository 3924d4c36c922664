package io.ziptrace.micrometer;

import io.micrometer.tracing.TraceContext;

/**
 * Builds a context from hex ids, e.g. to continue a trace whose ids came some other way than
 * headers. {@link #build()} throws {@code IllegalArgumentException} when an id is missing or not
 * hex, as Brave's bridge does.
 */
final class ZiptraceTraceContextBuilder implements TraceContext.Builder {
  private final io.ziptrace.TraceContext.Builder delegate = io.ziptrace.TraceContext.builder();
  private String traceId;
  private String spanId;
  private String parentId;

  @Override
  public TraceContext.Builder traceId(String traceId) {
    this.traceId = traceId;
    return this;
  }

  @Override
  public TraceContext.Builder parentId(String parentId) {
    this.parentId = parentId;
    return this;
  }

  @Override
  public TraceContext.Builder spanId(String spanId) {
    this.spanId = spanId;
    return this;
  }

  @Override
  public TraceContext.Builder sampled(Boolean sampled) {
    delegate.sampled(sampled);
    return this;
  }

  @Override
  public TraceContext build() {
    Ids.traceId(delegate, traceId);
    delegate.spanId(Ids.spanId(spanId));
    if (parentId != null) delegate.parentId(Ids.spanId(parentId));
    return new ZiptraceTraceContext(delegate.build(), null);
  }
}
