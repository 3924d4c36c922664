package io.ziptrace.micrometer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.SpanCustomizer;

/**
 * Customizes whichever span is current on the calling thread at each call; does nothing when
 * none is. One instance serves the whole application (e.g. as a dependency-injected bean).
 */
final class CurrentSpanCustomizer implements SpanCustomizer {
  private final ZiptraceTracer tracer;

  CurrentSpanCustomizer(ZiptraceTracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public SpanCustomizer name(String name) {
    Span span = tracer.currentSpan();
    if (span != null) span.name(name);
    return this;
  }

  @Override
  public SpanCustomizer tag(String key, String value) {
    Span span = tracer.currentSpan();
    if (span != null) span.tag(key, value);
    return this;
  }

  @Override
  public SpanCustomizer event(String value) {
    Span span = tracer.currentSpan();
    if (span != null) span.event(value);
    return this;
  }

  @Override
  public String toString() {
    return "CurrentSpanCustomizer";
  }
}
