package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/** Which packages depend on which, as read from {@code jdeps -verbose:package}, and its cycles. */
final class PackageGraph {
  /** {@code   <from> -> <to>   <module or archive>}: the dependency lines of jdeps' output. */
  private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S.*$");

  private final Map<String, Set<String>> edges = new TreeMap<>();

  private PackageGraph() {}

  /**
   * The dependencies between the packages of {@code module} whose names start with {@code prefix},
   * as jdeps sees them; {@code required} are the modules it requires, which jdeps must find.
   */
  static PackageGraph ofModule(PublishedModule module, String prefix, PublishedModule... required) {
    return fromJdeps(jdepsPackages(module, required), prefix);
  }

  private static String jdepsPackages(PublishedModule module, PublishedModule... required) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError(
        "jdeps is not available through java.util.spi.ToolProvider on Java " + Runtime.version() + " at "
            + System.getProperty("java.home") + ": run the tests on a full JDK, which has the jdk.jdeps module"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> arguments = new ArrayList<>();
    if (required.length > 0) {
      arguments.add("--module-path");
      arguments.add(Arrays.stream(required).map(m -> m.location().toString()).collect(Collectors.joining(File.pathSeparator)));
    }
    arguments.add("-verbose:package");
    arguments.add(module.location().toString());
    int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), arguments.toArray(String[]::new));
    assertThat(exit).as("jdeps exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  /** The dependencies between packages whose names start with {@code prefix}. */
  static PackageGraph fromJdeps(String output, String prefix) {
    PackageGraph graph = new PackageGraph();
    for (String line : output.lines().toList()) {
      Matcher m = DEPENDENCY.matcher(line);
      if (!m.matches()) continue;
      String from = m.group(1);
      String to = m.group(2);
      if (from.startsWith(prefix) && to.startsWith(prefix) && !from.equals(to)) {
        graph.edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        graph.edges.computeIfAbsent(to, k -> new TreeSet<>());
      }
    }
    return graph;
  }

  /** Each package with the packages it depends on, sorted. */
  Map<String, Set<String>> edges() {
    return edges;
  }

  /**
   * The strongly connected components of more than one package, each sorted: every package in
   * one depends on every other, directly or not.
   */
  List<Set<String>> cycles() {
    return new Tarjan().run();
  }

  /** Tarjan's algorithm over {@link #edges}. */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    List<Set<String>> run() {
      for (String node : edges.keySet()) {
        if (!index.containsKey(node)) visit(node);
      }
      return components;
    }

    private void visit(String node) {
      index.put(node, index.size());
      lowLink.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : edges.get(node)) {
        if (!index.containsKey(next)) {
          visit(next);
          lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
        } else if (onStack.contains(next)) {
          lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
        }
      }
      if (lowLink.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        if (component.size() > 1) components.add(component);
      }
    }
  }
}
