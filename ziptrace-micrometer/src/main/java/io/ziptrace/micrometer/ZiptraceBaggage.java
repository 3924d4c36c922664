package io.ziptrace.micrometer;

import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.ziptrace.BaggageField;

/**
 * One baggage field, bound to a context or to whatever is current; when it was put in scope, its
 * {@link #close()} ends that scope. A field not declared on the ziptrace tracer has no value and
 * ignores writes.
 */
final class ZiptraceBaggage implements Baggage, BaggageInScope {
  private final ZiptraceBaggageManager manager;
  private final String name;
  private final BaggageField field;
  /** Null: the context current at each call. */
  private final ZiptraceTraceContext context;
  private final CurrentTraceContext.Scope scope;

  ZiptraceBaggage(ZiptraceBaggageManager manager, String name, BaggageField field, ZiptraceTraceContext context,
      CurrentTraceContext.Scope scope) {
    this.manager = manager;
    this.name = name;
    this.field = field;
    this.context = context;
    this.scope = scope;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String get() {
    return manager.value(field, context);
  }

  @Override
  public String get(TraceContext traceContext) {
    ZiptraceTraceContext given = ZiptraceTraceContext.of(traceContext);
    return given == null ? null : manager.value(field, given);
  }

  /**
   * Deprecated in Micrometer: sets the value on the current context until the scope that made it
   * current closes. Use {@link #makeCurrent(String)} instead.
   */
  @Deprecated
  @Override
  public Baggage set(String value) {
    if (context == null || manager.isCurrent(context)) manager.setOnCurrent(field, value);
    return this;
  }

  /**
   * Deprecated in Micrometer: as {@link #set(String)} when {@code traceContext} is the current
   * one; ignored otherwise, since ziptrace contexts cannot change once made.
   */
  @Deprecated
  @Override
  public Baggage set(TraceContext traceContext, String value) {
    if (manager.isCurrent(ZiptraceTraceContext.of(traceContext))) manager.setOnCurrent(field, value);
    return this;
  }

  /** This baggage as it is; closing it ends its scope if it has one. */
  @Override
  public BaggageInScope makeCurrent() {
    return this;
  }

  /** Makes a copy of the current context with {@code value} current until the result closes. */
  @Override
  public BaggageInScope makeCurrent(String value) {
    return manager.inScope(context != null ? context : manager.current(), name, value);
  }

  /** Makes a copy of {@code traceContext} with {@code value} current until the result closes. */
  @Override
  public BaggageInScope makeCurrent(TraceContext traceContext, String value) {
    return manager.inScope(ZiptraceTraceContext.of(traceContext), name, value);
  }

  @Override
  public void close() {
    if (scope != null) scope.close();
  }

  @Override
  public String toString() {
    return "ZiptraceBaggage{" + name + "=" + get() + "}";
  }
}
