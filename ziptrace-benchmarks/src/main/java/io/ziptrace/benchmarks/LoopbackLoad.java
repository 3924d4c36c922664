package io.ziptrace.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;

/**
 * A closed-loop load on a loopback URL: {@link #CLIENTS} threads each sending one request after
 * another for a while, with every latency kept. Phases of several servers are alternated by the
 * callers, so that warm-up and machine noise fall on every side alike.
 */
final class LoopbackLoad {
  static final int CLIENTS = 8;
  /** The header of the table {@link #row} and {@link #ratioRow} print rows of. */
  static final String HEADER = "| server | requests/s | p50 µs | p99 µs |\n|---|---:|---:|---:|";

  private final long[] latencies;
  private final long nanos;

  private LoopbackLoad(long[] latencies, long nanos) {
    this.latencies = latencies;
    this.nanos = nanos;
    Arrays.sort(latencies);
  }

  /** This phase and {@code other} together. */
  LoopbackLoad plus(LoopbackLoad other) {
    long[] merged = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
    System.arraycopy(other.latencies, 0, merged, latencies.length, other.latencies.length);
    return new LoopbackLoad(merged, nanos + other.nanos);
  }

  int requests() {
    return latencies.length;
  }

  double perSecond() {
    return latencies.length / (nanos / 1e9);
  }

  double percentile(int p) {
    return latencies[(int) Math.min(latencies.length - 1, latencies.length * (long) p / 100)] / 1e3;
  }

  String row(String name) {
    return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", name, perSecond(), percentile(50), percentile(99));
  }

  /** This load against {@code baseline}: the throughput ratio and the latencies added. */
  String ratioRow(String name, LoopbackLoad baseline) {
    return String.format(Locale.ROOT, "| %s | %.3fx | %+.0f µs | %+.0f µs |", name, perSecond() / baseline.perSecond(),
        percentile(50) - baseline.percentile(50), percentile(99) - baseline.percentile(99));
  }

  static LoopbackLoad drive(URI uri, long nanos) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(uri).build();
    long[][] latencies = new long[CLIENTS][];
    int[] counts = new int[CLIENTS];
    Thread[] threads = new Thread[CLIENTS];
    long deadline = System.nanoTime() + nanos;
    for (int c = 0; c < CLIENTS; c++) {
      int client0 = c;
      threads[c] = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
          mine[n++] = System.nanoTime() - start;
        }
        latencies[client0] = mine;
        counts[client0] = n;
      });
      threads[c].start();
    }
    for (Thread thread : threads) thread.join();
    int total = 0;
    for (int count : counts) total += count;
    long[] all = new long[total];
    int pos = 0;
    for (int c = 0; c < CLIENTS; c++) {
      System.arraycopy(latencies[c], 0, all, pos, counts[c]);
      pos += counts[c];
    }
    return new LoopbackLoad(all, nanos);
  }

}
