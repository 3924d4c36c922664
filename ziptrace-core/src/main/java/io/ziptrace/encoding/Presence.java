package io.ziptrace.encoding;

import io.ziptrace.Endpoint;

/**
 * Which optional span fields are written at all, the same for every encoding: Zipkin treats an
 * empty name or an empty endpoint as absent, so encoders leave them out.
 */
final class Presence {
  private Presence() {}

  static boolean hasText(String s) {
    return s != null && !s.isEmpty();
  }

  static boolean isPresent(Endpoint endpoint) {
    return endpoint != null && !endpoint.isEmpty();
  }
}
