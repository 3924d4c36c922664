package io.ziptrace.micrometer;

import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Writes the current context into the SLF4J MDC: {@code traceId} and {@code spanId} (the keys
 * Spring Boot's default {@code %correlationId} log pattern reads) and the configured correlation
 * baggage fields under their own names. Values are removed while nothing is current, and each
 * scope puts back, when it closes, what the MDC held when it opened. Needs {@code slf4j-api}.
 *
 * <p>Baggage values may come from remote callers; the log layout should escape them.
 */
public final class MdcScopeDecorator implements ScopeDecorator {
  private static final String TRACE_ID = "traceId";
  private static final String SPAN_ID = "spanId";

  private final String[] keys;

  private MdcScopeDecorator(Builder b) {
    List<String> all = new ArrayList<>();
    all.add(TRACE_ID);
    all.add(SPAN_ID);
    for (String field : b.correlationFields) {
      if (!all.contains(field)) all.add(field);
    }
    this.keys = all.toArray(new String[0]);
  }

  /** Returns a builder; by default only {@code traceId} and {@code spanId} are written. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Undo decorate(TraceContext context) {
    String[] previous = null;
    Map<String, String> baggage = context != null && keys.length > 2 ? context.baggage() : Map.of();
    for (int i = 0; i < keys.length; i++) {
      String value = value(i, context, baggage);
      String before = MDC.get(keys[i]);
      if (Objects.equals(value, before)) continue;
      if (previous == null) previous = new String[keys.length];
      previous[i] = before == null ? "" : before;
      put(keys[i], value);
    }
    if (previous == null) return Undo.NOTHING;
    String[] restore = previous;
    return () -> {
      for (int i = 0; i < keys.length; i++) {
        // An empty string marks "was absent"; null marks "left unchanged".
        if (restore[i] != null) put(keys[i], restore[i].isEmpty() ? null : restore[i]);
      }
    };
  }

  private String value(int i, TraceContext context, Map<String, String> baggage) {
    if (context == null) return null;
    if (i == 0) return context.traceIdString();
    if (i == 1) return context.spanIdString();
    return baggage.get(keys[i]);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "MdcScopeDecorator" + List.of(keys);
  }

  /** Configures an {@link MdcScopeDecorator}. */
  public static final class Builder {
    private List<String> correlationFields = List.of();

    private Builder() {
    }

    /**
     * Baggage fields also written to the MDC, under the field's name, while a context carrying
     * them is current (Spring Boot's {@code management.tracing.baggage.correlation.fields}).
     */
    public Builder correlationFields(List<String> correlationFields) {
      this.correlationFields = List.copyOf(correlationFields);
      return this;
    }

    /** Returns the decorator. */
    public MdcScopeDecorator build() {
      return new MdcScopeDecorator(this);
    }
  }
}
