package io.ziptrace.propagation;

import java.util.List;

/** Reads a header through a user-supplied getter that might throw. */
final class SafeHeaders {
  private SafeHeaders() {}

  /** The header value, or {@code null} when absent or when the getter failed. */
  static <C> String get(C carrier, HeaderGetter<C> getter, String name) {
    try {
      return getter.get(carrier, name);
    } catch (RuntimeException e) {
      return null; // a broken carrier must not break the request: treat the header as absent
    }
  }

  /** Every value of the header, or an empty list when absent or when the getter failed. */
  static <C> List<String> getAll(C carrier, HeaderGetter<C> getter, String name) {
    try {
      List<String> values = getter.getAll(carrier, name);
      return values == null ? List.of() : values;
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
