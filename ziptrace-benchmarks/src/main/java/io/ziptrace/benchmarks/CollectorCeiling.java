package io.ziptrace.benchmarks;

import io.ziptrace.examples.run.ZipkinProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How close each library's reporting comes to what one Zipkin server can take, in one run:
 *
 * <ol>
 *   <li>The collector's ceiling: pre-encoded messages of the workload's spans (as large as a
 *       reporter's batches) POSTed as fast as Zipkin answers, over 1, 2, 4 and 8 connections,
 *       each with its own {@code HttpClient}; the best rate Zipkin's own counter shows is the
 *       most any client can deliver. Then 4 connections sharing one client, as a reporter's
 *       sends share its {@code HttpSender}'s, to show what that costs.
 *   <li>The highest steady rate with zero drops: ziptrace at its defaults (2 sends in flight),
 *       with 1 and with 4, and Brave at its defaults (flushed before close, which alone drops
 *       what is queued), offered rising fractions of the ceiling (each step alternating the
 *       contenders); a rate counts when nothing was dropped, close() returned, and Zipkin
 *       counted every span offered. A contender that drops is not offered
 *       higher rates.
 *   <li>gzip: ziptrace at its defaults at three quarters of its highest zero-drop rate,
 *       with and without a compressed body, alternated twice: CPU per span (the whole process,
 *       and the reporter's own threads) and bytes per span on the loopback interface.
 * </ol>
 *
 * <p>Usage: {@code CollectorCeiling <zipkin-server.jar> [seconds per step, default 5]}
 */
public final class CollectorCeiling {
  private static final int[] CONNECTIONS = {1, 2, 4, 8};
  private static final int[] SHARED_CLIENT_CONNECTIONS = {4};
  private static final double[] FRACTIONS_OF_CEILING =
      {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  /** Besides the default (2): one send at a time, as before maxConcurrentSends, and four. */
  private static final int[] CONCURRENT_SENDS = {1, 4};
  private static final int MESSAGE_MAX_BYTES = 500_000;

  private CollectorCeiling() {}

  /** Runs the three parts; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Duration step = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 5);
    URI base = URI.create("http://127.0.0.1:" + FreePort.find());
    try (ZipkinProcess zipkin = ZipkinProcess.startOrReuse(base, jar, Path.of("target", "zipkin-ceiling.log"),
        Duration.ofSeconds(120), Map.of("MEM_MAX_SPANS", "100000"))) { // storage, not the collector, would dominate
      ZipkinCounter spans = ZipkinCounter.spans(zipkin, "http");
      ZipkinCounter bytes = new ZipkinCounter(zipkin, "counter.zipkin_collector.bytes.http");
      System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
          + System.getProperty("java.version") + ", " + LoadAverage.describe());
      int ceiling = ceiling(zipkin, spans, step);
      List<Contender> contenders = new ArrayList<>();
      contenders.add(Contender.ziptrace("ziptrace", s -> s, r -> r));
      for (int sends : CONCURRENT_SENDS) {
        contenders.add(Contender.ziptrace("ziptrace, " + sends + (sends == 1 ? " send" : " sends"), s -> s,
            r -> r.maxConcurrentSends(sends)));
      }
      contenders.add(Contender.brave("brave"));
      Map<String, Integer> highest = rates(contenders, ceiling, step, zipkin, spans, bytes);
      System.out.printf(Locale.ROOT, "%nCollector ceiling: %d spans/s%n", ceiling);
      highest.forEach((name, rate) -> System.out.printf(Locale.ROOT,
          "Highest zero-drop rate, %s: %s%n", name, rate == 0 ? "none (dropped at every rate tried)"
              : String.format(Locale.ROOT, "%d spans/s (%.2fx the ceiling)", rate, rate / (double) ceiling)));
      int brave = highest.get("brave");
      highest.forEach((name, rate) -> {
        if (name.startsWith("ziptrace")) System.out.printf(Locale.ROOT, "%s / Brave: %s%n", name,
            brave == 0 ? "n/a (Brave dropped at every rate tried)" : String.format(Locale.ROOT, "%.2fx", rate / (double) brave));
      });
      int gzipRate = Math.max(ceiling / 10, highest.get("ziptrace") * 3 / 4) / 1000 * 1000;
      gzip(gzipRate, step, zipkin, spans, bytes);
      System.out.println("\nAt the end: " + LoadAverage.describe());
    }
  }

  private static int ceiling(ZipkinProcess zipkin, ZipkinCounter spans, Duration step) throws Exception {
    PreEncodedLoad load = new PreEncodedLoad(zipkin.spansUrl(), MESSAGE_MAX_BYTES);
    System.out.printf(Locale.ROOT, "%n## Collector ceiling: pre-encoded messages of %d spans (%d bytes)%n%n",
        load.spansPerMessage(), load.messageBytes());
    load.run(2, step, false); // warms Zipkin's JIT up; not counted
    System.out.println("| connections | HTTP clients | spans accepted | seconds | accepted spans/s |");
    System.out.println("|---:|---|---:|---:|---:|");
    double best = 0;
    for (int connections : CONNECTIONS) {
      best = Math.max(best, ceilingStep(load, connections, false, spans, step));
    }
    // not candidates for the ceiling: these show what one client (one selector thread) costs
    for (int connections : SHARED_CLIENT_CONNECTIONS) ceilingStep(load, connections, true, spans, step);
    return (int) best;
  }

  private static double ceilingStep(PreEncodedLoad load, int connections, boolean sharedClient, ZipkinCounter spans,
      Duration step) throws Exception {
    long before = spans.value();
    long start = System.nanoTime();
    long answered = load.run(connections, step, sharedClient);
    double seconds = (System.nanoTime() - start) / 1e9;
    long accepted = spans.awaitRise(before, answered);
    double rate = accepted / seconds;
    System.out.printf(Locale.ROOT, "| %d | %s | %d | %.1f | %.0f |%n", connections,
        sharedClient ? "one, shared" : "one each", accepted, seconds, rate);
    return rate;
  }

  private static Map<String, Integer> rates(List<Contender> contenders, int ceiling, Duration step,
      ZipkinProcess zipkin, ZipkinCounter spans, ZipkinCounter bytes) throws Exception {
    System.out.printf(Locale.ROOT, "%n## Steady rates, rising, contenders alternating (%d s per step)%n%n",
        step.toSeconds());
    System.out.println(RateStep.header());
    Map<String, Integer> highest = new LinkedHashMap<>();
    List<Contender> remaining = new ArrayList<>(contenders);
    for (Contender contender : contenders) highest.put(contender.name, 0);
    for (double fraction : FRACTIONS_OF_CEILING) {
      int rate = (int) Math.round(ceiling * fraction / 1000) * 1000;
      for (Contender contender : List.copyOf(remaining)) {
        RateStep result = contender.run(rate, step, spans, bytes, zipkin.spansUrl());
        System.out.println(result.row());
        if (result.delivered()) highest.put(contender.name, rate); else remaining.remove(contender);
      }
    }
    return highest;
  }

  private static void gzip(int rate, Duration step, ZipkinProcess zipkin, ZipkinCounter spans, ZipkinCounter bytes)
      throws Exception {
    System.out.printf(Locale.ROOT, "%n## gzip: ziptrace at %d spans/s, alternated twice%n%n", rate);
    System.out.println("| body | spans accepted | zero drops | process CPU ns/span | reporter threads CPU ns/span "
        + "| loopback bytes/span | JSON bytes/span (Zipkin, decoded) |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|");
    List<Contender> contenders = List.of(
        Contender.ziptrace("plain", s -> s.gzip(false), r -> r),
        Contender.ziptrace("gzip", s -> s.gzip(true), r -> r));
    for (int round = 0; round < 2; round++) {
      for (Contender contender : contenders) {
        RateStep r = contender.run(rate, step, spans, bytes, zipkin.spansUrl());
        double accepted = Math.max(1, r.accepted());
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %.1f | %.1f |%n", r.contender(), r.accepted(),
            r.delivered() ? "yes" : "NO", r.processCpuNanos() / accepted, r.senderCpuNanos() / accepted,
            r.loopbackBytes() / accepted, r.collectorBytes() / accepted);
      }
    }
  }
}
