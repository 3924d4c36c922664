package io.ziptrace.micrometer;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.ScopedSpan;
import io.micrometer.tracing.TraceContext;

/**
 * A span that is current from its start until {@link #end()}, which closes its scope and then
 * finishes it; end it on the thread that started it.
 */
final class ZiptraceScopedSpan implements ScopedSpan {
  private final ZiptraceSpan span;
  private final CurrentTraceContext.Scope scope;

  ZiptraceScopedSpan(ZiptraceSpan span, CurrentTraceContext.Scope scope) {
    this.span = span;
    this.scope = scope;
  }

  @Override
  public boolean isNoop() {
    return span.isNoop();
  }

  @Override
  public TraceContext context() {
    return span.context();
  }

  @Override
  public ScopedSpan name(String name) {
    span.name(name);
    return this;
  }

  @Override
  public ScopedSpan tag(String key, String value) {
    span.tag(key, value);
    return this;
  }

  @Override
  public ScopedSpan event(String value) {
    span.event(value);
    return this;
  }

  @Override
  public ScopedSpan error(Throwable throwable) {
    span.error(throwable);
    return this;
  }

  @Override
  public void end() {
    scope.close();
    span.end();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ZiptraceScopedSpan && span.equals(((ZiptraceScopedSpan) o).span));
  }

  @Override
  public int hashCode() {
    return span.hashCode();
  }

  @Override
  public String toString() {
    return span.toString();
  }
}
