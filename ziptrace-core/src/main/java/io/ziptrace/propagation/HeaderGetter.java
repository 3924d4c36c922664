package io.ziptrace.propagation;

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
}
