package io.ziptrace.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start beside another Micrometer Tracing bridge: Spring Boot would configure both
 * tracers, one would win the Micrometer {@code Tracer} and the other would still be built, with
 * its own reporter and log correlation, so traces would be split or doubled without a word.
 */
final class TracerConflict {
  /** A class of each other bridge, by the dependency that brings it. */
  private static final Map<String, String> BRIDGES = Map.of(
      "io.micrometer.tracing.brave.bridge.BraveTracer", "io.micrometer:micrometer-tracing-bridge-brave",
      "io.micrometer.tracing.otel.bridge.OtelTracer", "io.micrometer:micrometer-tracing-bridge-otel");

  private TracerConflict() {}

  /**
   * Throws {@link ConflictingTracerException} when {@code classLoader} sees another bridge.
   */
  static void check(ClassLoader classLoader) {
    List<String> found = new ArrayList<>();
    BRIDGES.forEach((type, artifact) -> {
      if (ClassUtils.isPresent(type, classLoader)) found.add(artifact);
    });
    if (!found.isEmpty()) throw new ConflictingTracerException(found.stream().sorted().toList());
  }
}
