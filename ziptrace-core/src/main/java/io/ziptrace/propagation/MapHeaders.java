package io.ziptrace.propagation;

import java.util.Map;
import java.util.SortedMap;

/** A getter and a setter for headers held in a {@code Map<String, String>}. */
public final class MapHeaders {
  /** Reads a header, matching its name case-insensitively. */
  public static final HeaderGetter<Map<String, String>> GETTER = MapHeaders::get;
  /** Writes a header under the lowercase name given. */
  public static final HeaderSetter<Map<String, String>> SETTER = Map::put;

  private MapHeaders() {}

  private static String get(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value != null || ignoresCase(headers)) return value;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) return header.getValue();
    }
    return null;
  }

  /** A map sorted case-insensitively already matches names in any case: no need to scan it. */
  private static boolean ignoresCase(Map<String, String> headers) {
    return headers instanceof SortedMap
        && ((SortedMap<String, String>) headers).comparator() == String.CASE_INSENSITIVE_ORDER;
  }
}
