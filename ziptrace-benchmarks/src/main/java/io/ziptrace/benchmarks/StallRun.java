package io.ziptrace.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of {@link FreshCollectorStall}: what was reported, sent, dropped and counted by Zipkin,
 * and the timeline recorded meanwhile (queue samples, POSTs, both processes' GC pauses), with the
 * figures drawn from it. Times are {@link System#nanoTime()} but for GC pauses, which are wall-clock
 * milliseconds, placed on the same axis by {@code startMillis}, the wall clock at {@code startNanos}.
 */
record StallRun(long startNanos, long startMillis, long closedNanos, long pausedAtNanos, long offered, long sent,
                String drops, long dropped, long accepted, List<QueueTimeline.Sample> samples,
                List<RecordingSender.Post> posts, List<GcPauses.Pause> zipkinGc, List<GcPauses.Pause> clientGc,
                String load) {
  static final String HEADER = "| run | load average (1, 5, 15 min) | lost | sent | dropped | counted by Zipkin "
      + "| longest gap between completed sends, ms (from s) | peak queue: spans, MiB | POSTs (failed) "
      + "| POST latency max, p99, first, ms | Zipkin GC pauses in the run: count, max ms | client GC max ms |\n"
      + "|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|";

  StallRun withLoad(String load) {
    return new StallRun(startNanos, startMillis, closedNanos, pausedAtNanos, offered, sent, drops, dropped, accepted,
        samples, posts, zipkinGc, clientGc, load);
  }

  /** Spans offered that Zipkin did not count. */
  long lost() {
    return offered - accepted;
  }

  /** The longest time from the load's start or a completed send to the next completed send. */
  long longestGapNanos() {
    return longestGap()[1];
  }

  /** {start of the gap, its length}, in nanos. */
  private long[] longestGap() {
    long previous = startNanos;
    long[] longest = {startNanos, 0};
    for (long end : okEnds()) {
      if (end - previous > longest[1]) longest = new long[] {previous, end - previous};
      previous = end;
    }
    return longest;
  }

  private List<Long> okEnds() {
    List<Long> ends = new ArrayList<>();
    for (RecordingSender.Post post : posts) if (post.succeeded()) ends.add(post.endNanos());
    ends.sort(null);
    return ends;
  }

  String row(int run) {
    long[] gap = longestGap();
    long peakSpans = samples.stream().mapToLong(QueueTimeline.Sample::queuedSpans).max().orElse(0);
    long peakBytes = samples.stream().mapToLong(QueueTimeline.Sample::queuedBytes).max().orElse(0);
    List<Long> latencies = new ArrayList<>();
    for (RecordingSender.Post post : posts) latencies.add(post.latencyNanos());
    latencies.sort(null);
    long failed = posts.stream().filter(p -> !p.succeeded()).count();
    long first = posts.stream().mapToLong(RecordingSender.Post::startNanos).min().orElse(0);
    long firstLatency = posts.stream().filter(p -> p.startNanos() == first).mapToLong(RecordingSender.Post::latencyNanos)
        .findFirst().orElse(0);
    List<GcPauses.Pause> zipkinInRun = inRun(zipkinGc);
    double clientMax = inRun(clientGc).stream().filter(p -> !p.what().contains("Concurrent"))
        .mapToDouble(GcPauses.Pause::millis).max().orElse(0);
    return String.format(Locale.ROOT, "| %d | %s | %d | %d | %s | %d | %.0f (%.2f) | %d, %.1f | %d (%d) | %.0f, %.0f, %.0f | %d, %.0f | %.0f |",
        run, load.replace("load average ", "").replace(" (1, 5, 15 min)", ""), lost(), sent, drops, accepted,
        gap[1] / 1e6, (gap[0] - startNanos) / 1e9, peakSpans, peakBytes / 1048576.0, posts.size(), failed,
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6, percentile(latencies, 0.99) / 1e6,
        firstLatency / 1e6, zipkinInRun.size(), zipkinInRun.stream().mapToDouble(GcPauses.Pause::millis).max().orElse(0),
        clientMax);
  }

  private List<GcPauses.Pause> inRun(List<GcPauses.Pause> pauses) {
    long endMillis = startMillis + (closedNanos - startNanos) / 1_000_000;
    return pauses.stream().filter(p -> p.startEpochMillis() >= startMillis && p.startEpochMillis() <= endMillis).toList();
  }

  private static double percentile(List<Long> sorted, double fraction) {
    if (sorted.isEmpty()) return 0;
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(fraction * sorted.size()) - 1));
  }

  /** Everything recorded, one event a line, in seconds from the load's start. */
  List<String> timeline() {
    List<String> lines = new ArrayList<>();
    lines.add("t_s\tevent\tqueued_spans\tqueued_bytes\tin_flight\tsent\tdropped_queue_full\tdetail");
    for (QueueTimeline.Sample s : samples) {
      lines.add(String.format(Locale.ROOT, "%.3f\tsample\t%d\t%d\t%d\t%d\t%d\t", seconds(s.nanos()), s.queuedSpans(),
          s.queuedBytes(), s.inFlight(), s.sent(), s.droppedQueueFull()));
    }
    for (RecordingSender.Post p : posts) {
      lines.add(String.format(Locale.ROOT, "%.3f\tpost\t%d\t%d\t\t\t\t%.1f ms until %.3f: %s", seconds(p.startNanos()),
          p.spans(), p.bytes(), p.latencyNanos() / 1e6, seconds(p.endNanos()), p.outcome()));
    }
    for (GcPauses.Pause p : zipkinGc) lines.add(gcLine("zipkin-gc", p));
    for (GcPauses.Pause p : clientGc) lines.add(gcLine("client-gc", p));
    if (pausedAtNanos >= 0) lines.add(String.format(Locale.ROOT, "%.3f\tkill-STOP\t\t\t\t\t\t", seconds(pausedAtNanos)));
    lines.sort((a, b) -> a.startsWith("t_s") ? -1 : b.startsWith("t_s") ? 1
        : Double.compare(Double.parseDouble(a.split("\t")[0]), Double.parseDouble(b.split("\t")[0])));
    return lines;
  }

  private String gcLine(String who, GcPauses.Pause p) {
    return String.format(Locale.ROOT, "%.3f\t%s\t\t\t\t\t\t%.1f ms %s", (p.startEpochMillis() - startMillis) / 1e3,
        who, p.millis(), p.what());
  }

  /**
   * The queue every 100 ms from half a second before the longest gap to half a second after it,
   * with the POSTs that ended and the GC pauses over 5 ms in each interval.
   */
  List<String> aroundLongestGap() {
    long[] gap = longestGap();
    long from = gap[0] - 500_000_000L;
    long to = gap[0] + gap[1] + 500_000_000L;
    List<String> lines = new ArrayList<>();
    lines.add("| t, s | queued spans | queued MiB | sends in flight | sent | dropped (queue full) | in the 100 ms before |");
    lines.add("|---:|---:|---:|---:|---:|---:|---|");
    long previous = from;
    for (int i = 0; i < samples.size(); i += 2) {
      QueueTimeline.Sample s = samples.get(i);
      if (s.nanos() < from || s.nanos() > to) continue;
      lines.add(String.format(Locale.ROOT, "| %.2f | %d | %.1f | %d | %d | %d | %s |", seconds(s.nanos()),
          s.queuedSpans(), s.queuedBytes() / 1048576.0, s.inFlight(), s.sent(), s.droppedQueueFull(),
          eventsBetween(previous, s.nanos())));
      previous = s.nanos();
    }
    return lines;
  }

  private String eventsBetween(long from, long to) {
    List<String> events = new ArrayList<>();
    if (pausedAtNanos > from && pausedAtNanos <= to) events.add("Zipkin stopped");
    for (RecordingSender.Post p : posts) {
      if (p.endNanos() > from && p.endNanos() <= to) {
        events.add(String.format(Locale.ROOT, "POST of %d spans %s after %.0f ms", p.spans(),
            p.succeeded() ? "ok" : "failed", p.latencyNanos() / 1e6));
      }
    }
    long fromMillis = startMillis + (from - startNanos) / 1_000_000;
    long toMillis = startMillis + (to - startNanos) / 1_000_000;
    for (GcPauses.Pause p : zipkinGc) {
      if (p.millis() >= 5 && p.startEpochMillis() > fromMillis && p.startEpochMillis() <= toMillis) {
        events.add(String.format(Locale.ROOT, "Zipkin GC %.0f ms", p.millis()));
      }
    }
    for (GcPauses.Pause p : clientGc) {
      if (p.millis() >= 5 && !p.what().contains("Concurrent") && p.startEpochMillis() > fromMillis
          && p.startEpochMillis() <= toMillis) {
        events.add(String.format(Locale.ROOT, "client GC %.0f ms", p.millis()));
      }
    }
    return String.join("; ", events);
  }

  private double seconds(long nanos) {
    return (nanos - startNanos) / 1e9;
  }
}
