package io.ziptrace.spring.boot.autoconfigure;

import io.micrometer.tracing.SpanCustomizer;
import io.micrometer.tracing.Tracer;

/**
 * A {@link SpanCustomizer} of whichever span is current when it is called, so that one bean
 * serves every request; calls without a current span do nothing.
 */
final class CurrentSpanCustomizer implements SpanCustomizer {
  private final Tracer tracer;

  CurrentSpanCustomizer(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public SpanCustomizer name(String name) {
    current().name(name);
    return this;
  }

  @Override
  public SpanCustomizer tag(String key, String value) {
    current().tag(key, value);
    return this;
  }

  @Override
  public SpanCustomizer event(String value) {
    current().event(value);
    return this;
  }

  private SpanCustomizer current() {
    SpanCustomizer customizer = tracer.currentSpanCustomizer();
    return customizer != null ? customizer : SpanCustomizer.NOOP;
  }
}
