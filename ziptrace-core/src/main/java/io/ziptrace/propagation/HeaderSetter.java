package io.ziptrace.propagation;

/**
 * Writes one header into a framework's outgoing request type.
 *
 * @param <C> the carrier, e.g. {@code java.net.http.HttpRequest.Builder}
 */
@FunctionalInterface
public interface HeaderSetter<C> {
  /** Sets (replacing any previous value) the header {@code name} to {@code value}. */
  void set(C carrier, String name, String value);
}
