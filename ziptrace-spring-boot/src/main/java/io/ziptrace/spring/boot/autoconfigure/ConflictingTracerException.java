package io.ziptrace.spring.boot.autoconfigure;

import java.util.List;

/** Another Micrometer Tracing bridge is on the class path beside ziptrace's. */
final class ConflictingTracerException extends IllegalStateException {
  private final List<String> artifacts;

  ConflictingTracerException(List<String> artifacts) {
    super("ziptrace traces this application, but " + String.join(" and ", artifacts)
        + " is on the class path too, which Spring Boot would also configure");
    this.artifacts = artifacts;
  }

  /** The dependencies that bring the other bridges, e.g. {@code io.micrometer:micrometer-tracing-bridge-brave}. */
  List<String> artifacts() {
    return artifacts;
  }
}
