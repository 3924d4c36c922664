package io.ziptrace.vertx;

import io.vertx.core.MultiMap;
import java.util.Map;

/** The headers Vert.x hands the tracer, read by name regardless of case. */
final class Headers {
  private final Iterable<Map.Entry<String, String>> entries;

  Headers(Iterable<Map.Entry<String, String>> entries) {
    this.entries = entries;
  }

  String get(String name) {
    if (entries == null) return null;
    if (entries instanceof MultiMap) return ((MultiMap) entries).get(name); // case-insensitive already
    for (Map.Entry<String, String> entry : entries) {
      if (entry.getKey().equalsIgnoreCase(name)) return entry.getValue();
    }
    return null;
  }
}
