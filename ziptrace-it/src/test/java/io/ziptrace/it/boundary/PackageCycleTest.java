package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.ziptrace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packages of ziptrace-core depend on each other without cycles, as {@code jdeps} sees the
 * compiled classes; a cycle would mean the packages cannot be understood, or split, one at a time.
 */
class PackageCycleTest {

  @Test
  void corePackagesHaveNoCycle() {
    PackageGraph graph = PackageGraph.ofModule(PublishedModule.of(Tracer.class), "io.ziptrace");

    // Proves the output was parsed: the encoders write the root package's FinishedSpan.
    assertThat(graph.edges()).containsKey("io.ziptrace.encoding");
    assertThat(graph.edges().get("io.ziptrace.encoding")).contains("io.ziptrace");

    List<Set<String>> cycles = graph.cycles();
    if (!cycles.isEmpty()) {
      fail("Package cycles in ziptrace-core (each line: packages that depend on each other, then their edges):\n"
          + cycles.stream().map(c -> describe(c, graph.edges())).collect(Collectors.joining("\n")));
    }
  }

  @Test
  void aCycleIsReportedWithAllItsPackages() {
    String jdepsOutput = String.join("\n",
        "   a.x                -> a.y                 m",
        "   a.y                -> a.z                 m",
        "   a.z                -> a.x                 m",
        "   a.z                -> a.w                 m",
        "   a.w                -> java.lang           java.base");

    List<Set<String>> cycles = PackageGraph.fromJdeps(jdepsOutput, "a.").cycles();

    assertThat(cycles).containsExactly(Set.of("a.x", "a.y", "a.z"));
  }

  private static String describe(Set<String> cycle, Map<String, Set<String>> edges) {
    return cycle + ": " + cycle.stream()
        .flatMap(from -> edges.get(from).stream().filter(cycle::contains).map(to -> from + " -> " + to))
        .collect(Collectors.joining(", "));
  }
}
