package io.ziptrace.propagation;

import java.util.List;

/**
 * Reads one header from a framework's request type, so extraction needs no copying into a map.
 *
 * @param <C> the carrier, e.g. {@code com.sun.net.httpserver.Headers}
 */
@FunctionalInterface
public interface HeaderGetter<C> {
  /**
   * Returns the first value of the header, or {@code null} when absent. {@code name} is given in
   * lowercase; the lookup must ignore case, as HTTP header names do. Should not throw; if it
   * does, extraction treats the header as absent.
   */
  String get(C carrier, String name);

  /**
   * Returns every value of the header, one per header field in the order received, or an empty
   * list when absent. W3C Trace Context and Baggage need them all: a {@code traceparent} sent
   * twice is invalid, and several {@code tracestate} or {@code baggage} fields make one list. The
   * default returns {@link #get}'s value alone; a getter over a carrier that keeps repeated
   * headers apart should override it. Should not throw, as {@link #get}.
   */
  default List<String> getAll(C carrier, String name) {
    String value = get(carrier, name);
    return value == null ? List.of() : List.of(value);
  }
}
