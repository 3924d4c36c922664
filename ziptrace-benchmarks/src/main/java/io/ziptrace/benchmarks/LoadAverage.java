package io.ziptrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, to print beside figures that depend on it. */
final class LoadAverage {
  private LoadAverage() {}

  /** E.g. {@code load average 1.20 2.10 2.50 (1, 5, 15 min)}, or what the JVM knows when /proc is absent. */
  static String describe() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return "load average " + fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min)";
    } catch (IOException e) {
      return String.format("load average %.2f (1 min)", java.lang.management.ManagementFactory
          .getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
