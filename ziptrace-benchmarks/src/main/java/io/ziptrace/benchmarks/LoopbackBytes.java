package io.ziptrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes sent through the loopback interface so far ({@code /proc/net/dev}, Linux only): all
 * traffic on {@code lo}, TCP/IP headers and answers included, so the difference over a step is
 * what went over the wire for it, give or take other processes' loopback traffic.
 */
final class LoopbackBytes {
  private LoopbackBytes() {}

  /** Bytes transmitted on {@code lo} since boot, or -1 where {@code /proc/net/dev} is absent. */
  static long transmitted() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
        String[] parts = line.trim().split("[:\\s]+");
        if (parts[0].equals("lo")) return Long.parseLong(parts[9]); // receive has 8 fields before transmit bytes
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
