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

  /**
   * The header's value when it was sent exactly once; {@code null} when absent, sent in several
   * header fields, or when the getter failed. A getter that does not override {@link
   * HeaderGetter#getAll} cannot tell a repeated header from a single one, so it is asked with
   * {@link HeaderGetter#get}, which builds no list.
   */
  static <C> String single(C carrier, HeaderGetter<C> getter, String name) {
    if (!SEES_REPEATS.get(getter.getClass())) return get(carrier, getter, name);
    List<String> values = getAll(carrier, getter, name);
    return values.size() == 1 ? values.get(0) : null;
  }

  /** Whether a getter class overrides {@link HeaderGetter#getAll}; looked up once per class. */
  private static final ClassValue<Boolean> SEES_REPEATS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("getAll", Object.class, String.class).getDeclaringClass() != HeaderGetter.class;
      } catch (NoSuchMethodException | RuntimeException e) {
        return Boolean.TRUE; // when in doubt, ask for every value
      }
    }
  };

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
