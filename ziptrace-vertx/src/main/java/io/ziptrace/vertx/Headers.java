package io.ziptrace.vertx;

import io.vertx.core.MultiMap;
import io.ziptrace.propagation.HeaderGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers Vert.x hands the tracer, read by name regardless of case, every field of a
 * repeated header apart: W3C Trace Context treats a repeated {@code traceparent} as invalid and
 * combines repeated {@code tracestate} and {@code baggage} fields.
 */
final class Headers {
  /** Reads headers for propagation, first value and all values alike. */
  static final HeaderGetter<Headers> GETTER = new HeaderGetter<>() {
    @Override
    public String get(Headers headers, String name) {
      return headers.get(name);
    }

    @Override
    public List<String> getAll(Headers headers, String name) {
      return headers.getAll(name);
    }
  };

  private final Iterable<Map.Entry<String, String>> entries;
  private final boolean lastWins;

  Headers(Iterable<Map.Entry<String, String>> entries) {
    this(entries, false);
  }

  private Headers(Iterable<Map.Entry<String, String>> entries, boolean lastWins) {
    this.entries = entries;
    this.lastWins = lastWins;
  }

  /** Headers whose repeated header is read by its last value, as Kafka's {@code lastHeader} does. */
  Headers lastWins() {
    return lastWins ? this : new Headers(entries, true);
  }

  /** The header's first value (its last one for {@link #lastWins()} headers), or null. */
  String get(String name) {
    if (lastWins) return last(name);
    if (entries == null) return null;
    if (entries instanceof MultiMap) return ((MultiMap) entries).get(name); // case-insensitive already
    for (Map.Entry<String, String> entry : entries) {
      if (entry.getKey().equalsIgnoreCase(name)) return entry.getValue();
    }
    return null;
  }

  private String last(String name) {
    List<String> values = getAll(name);
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** Every value of the header, in the order received; empty when absent. */
  List<String> getAll(String name) {
    if (entries == null) return List.of();
    if (entries instanceof MultiMap) return ((MultiMap) entries).getAll(name);
    List<String> values = new ArrayList<>(1);
    for (Map.Entry<String, String> entry : entries) {
      if (entry.getKey().equalsIgnoreCase(name)) values.add(entry.getValue());
    }
    return values;
  }
}
