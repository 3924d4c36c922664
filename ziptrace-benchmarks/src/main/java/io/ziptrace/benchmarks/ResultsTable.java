package io.ziptrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH CSV result file ({@code -rf csv}, run with {@code -prof gc}) into markdown tables
 * for docs/benchmarks.md: ns/op and B/op per benchmark, with ratios against the peer measured in
 * the same run (Brave for spans and B3 propagation, OpenTelemetry for W3C propagation, the zipkin2
 * library for encoding).
 *
 * <p>Usage: {@code ResultsTable results.csv}
 */
public final class ResultsTable {
  private ResultsTable() {}

  /** Prints the tables. */
  public static void main(String[] args) throws IOException {
    Map<String, double[]> results = read(Path.of(args[0]));
    System.out.println("| benchmark | ns/op | B/op | ns/op vs peer | B/op vs peer |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Map.Entry<String, double[]> row : results.entrySet()) {
      String name = row.getKey();
      double[] values = row.getValue();
      String peerName = peerOf(name, results.keySet());
      double[] peer = results.get(peerName);
      String nsRatio = peer == null || name.equals(peerName) ? "" : ratio(values[0], peer[0]);
      String bytesRatio = peer == null || name.equals(peerName) ? "" : ratio(values[1], peer[1]);
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %s | %s |%n", name, values[0], values[1], nsRatio, bytesRatio);
    }
  }

  /** Benchmark name → {ns/op, B/op}, in file order. */
  static Map<String, double[]> read(Path csv) throws IOException {
    Map<String, double[]> results = new LinkedHashMap<>();
    for (String line : Files.readAllLines(csv)) {
      List<String> cells = cells(line);
      if (cells.size() < 5 || cells.get(0).equals("Benchmark")) continue;
      String benchmark = cells.get(0).replace("io.ziptrace.benchmarks.", "");
      double score = Double.parseDouble(cells.get(4));
      boolean allocation = benchmark.endsWith(":·gc.alloc.rate.norm") || benchmark.endsWith(":gc.alloc.rate.norm");
      String name = benchmark.replaceAll(":.*$", "");
      if (benchmark.contains(":") && !allocation) continue;
      results.computeIfAbsent(name, k -> new double[] {Double.NaN, Double.NaN})[allocation ? 1 : 0] = score;
    }
    return results;
  }

  /**
   * The same benchmark for the peer library measured in the run: ziptraceX → braveX, otelX
   * (OpenTelemetry) or zipkin2X (encoding), whichever of them {@code measured} holds; the name
   * itself for a peer's own benchmark or one without a peer.
   */
  static String peerOf(String name, java.util.Set<String> measured) {
    int dot = name.indexOf('.');
    String method = name.substring(dot + 1);
    if (!method.startsWith("ziptrace")) return name;
    for (String peer : List.of("brave", "otel", "zipkin2")) {
      String peerName = name.substring(0, dot + 1) + peer + method.substring("ziptrace".length());
      if (measured.contains(peerName)) return peerName;
    }
    return name;
  }

  private static String ratio(double value, double peer) {
    if (Double.isNaN(value) || Double.isNaN(peer)) return "";
    if (peer < 1) return "n/a (peer < 1)";
    return String.format(Locale.ROOT, "%.2fx", value / peer);
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
