package io.ziptrace.micrometer;

import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.BaggageManager;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.ziptrace.BaggageField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Micrometer's baggage API over ziptrace's: values live in the (immutable) trace context, and only
 * fields declared on the ziptrace tracer hold values; other names read as absent and ignore
 * writes, as with Brave's bridge. Putting a value "in scope" makes a copy of the context with that
 * value current until the scope closes. Tag fields are also tagged on the span when set.
 */
final class ZiptraceBaggageManager implements BaggageManager {
  private final ZiptraceCurrentTraceContext current;
  private final Map<String, BaggageField> declared = new HashMap<>();
  private final Set<String> tagFields;
  private final List<String> fieldNames;

  ZiptraceBaggageManager(ZiptraceCurrentTraceContext current, List<BaggageField> fields, List<String> tagFields) {
    this.current = current;
    Set<String> names = new LinkedHashSet<>();
    for (BaggageField field : fields) {
      declared.put(field.name(), field);
      names.add(field.name());
    }
    this.tagFields = Set.copyOf(tagFields);
    names.addAll(tagFields);
    this.fieldNames = Collections.unmodifiableList(new ArrayList<>(names));
  }

  @Override
  public Map<String, String> getAllBaggage() {
    ZiptraceTraceContext context = current.context();
    return context == null ? Map.of() : context.delegate.baggage();
  }

  @Override
  public Map<String, String> getAllBaggage(TraceContext traceContext) {
    if (traceContext == null) return getAllBaggage();
    ZiptraceTraceContext context = ZiptraceTraceContext.of(traceContext);
    return context == null ? Map.of() : context.delegate.baggage();
  }

  /** The baggage {@code name} of whatever context is current when it is read or set; never null. */
  @Override
  public Baggage getBaggage(String name) {
    return new ZiptraceBaggage(this, name, declared.get(name), null, null);
  }

  /** The baggage {@code name} of {@code traceContext}; null when no such field is declared. */
  @Override
  public Baggage getBaggage(TraceContext traceContext, String name) {
    BaggageField field = declared.get(name);
    if (field == null) return null;
    return new ZiptraceBaggage(this, name, field, ZiptraceTraceContext.of(traceContext), null);
  }

  /** As {@link #getBaggage(String)}. */
  @Deprecated
  @Override
  public Baggage createBaggage(String name) {
    return getBaggage(name);
  }

  /** Sets {@code value} on the current context until its scope closes. */
  @Deprecated
  @Override
  public Baggage createBaggage(String name, String value) {
    return getBaggage(name).set(value);
  }

  @Override
  public BaggageInScope createBaggageInScope(String name, String value) {
    return inScope(current.context(), name, value);
  }

  /**
   * Makes a copy of {@code traceContext} with the value current until the result closes (Brave
   * changes the given context in place instead; for the current span's context, which is what
   * Micrometer passes, both behave alike).
   */
  @Override
  public BaggageInScope createBaggageInScope(TraceContext traceContext, String name, String value) {
    return inScope(ZiptraceTraceContext.of(traceContext), name, value);
  }

  BaggageInScope inScope(ZiptraceTraceContext context, String name, String value) {
    BaggageField field = declared.get(name);
    if (field == null || context == null) return new ZiptraceBaggage(this, name, field, context, null);
    ZiptraceTraceContext changed = context.with(context.delegate.withBaggage(field, value));
    tag(changed, name, value);
    CurrentTraceContext.Scope scope = current.open(changed);
    return new ZiptraceBaggage(this, name, field, changed, scope);
  }

  /** Sets the value on the current context in place (deprecated API); until its scope closes. */
  void setOnCurrent(BaggageField field, String value) {
    ZiptraceTraceContext context = current.context();
    if (field == null || context == null) return;
    ZiptraceTraceContext changed = context.with(context.delegate.withBaggage(field, value));
    tag(changed, field.name(), value);
    current.replace(changed);
  }

  /** The value of {@code field} in {@code context}, or in the current context when null. */
  String value(BaggageField field, ZiptraceTraceContext context) {
    if (field == null) return null;
    if (context == null) context = current.context();
    return context == null ? null : context.delegate.baggage(field);
  }

  ZiptraceTraceContext current() {
    return current.context();
  }

  boolean isCurrent(ZiptraceTraceContext context) {
    return context != null && context.equals(current.context());
  }

  private void tag(ZiptraceTraceContext context, String name, String value) {
    if (value != null && context.state != null && tagFields.contains(name)) context.state.span.tag(name, value);
  }

  @Override
  public List<String> getBaggageFields() {
    return fieldNames;
  }
}
