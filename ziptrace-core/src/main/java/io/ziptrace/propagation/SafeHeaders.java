package io.ziptrace.propagation;

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
}
