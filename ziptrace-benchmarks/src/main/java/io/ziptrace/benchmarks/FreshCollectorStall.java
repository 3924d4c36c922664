package io.ziptrace.benchmarks;

import io.ziptrace.Tracer;
import io.ziptrace.examples.run.ZipkinProcess;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.ReporterMetrics;
import io.ziptrace.reporting.http.HttpSender;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Whether a steady 40,000 spans/s survives a collector that stalls: the first seconds of a Zipkin
 * server that was just started, or a warm one paused for 2 s. Each run starts a new Zipkin on a
 * free loopback port, then one thread finishes 200,000 spans of the benchmarks' workload at
 * 40,000/s through {@code Tracer}, {@code AsyncReporter} and {@code HttpSender} at their defaults,
 * closes the reporter and compares what it reported with what Zipkin counted. A cold server is the
 * case a deployment meets after every restart of its collector, and a queue that cannot hold the
 * spans of its slowest moments loses them there, however fast it is the rest of the time.
 *
 * <p>To show where the time goes, each run records a timeline: every 50 ms the reporter's queue
 * (spans and bytes) and the sends in flight, every POST's start, end and outcome (through a
 * recording {@code Sender} around the {@code HttpSender}), and the garbage-collection pauses of
 * this JVM and of Zipkin's (from its GC log). It prints, per run, the spans lost, the longest time
 * without a completed send and when it began, the queue's peak, and the POST latencies, and
 * writes the whole timeline to {@code target/stall/}.
 *
 * <p>Usage: {@code FreshCollectorStall <zipkin-server.jar> [runs, default 10] [fresh|pause]
 * [queuedMaxSpans queuedMaxBytes]}; {@code pause} warms each Zipkin up first and stops its
 * process ({@code kill -STOP}) for 2 s from 2 s into the load; the last two set the reporter's
 * queue limits instead of its defaults, to compare with other limits in the same build.
 */
public final class FreshCollectorStall {
  static final int RATE = 40_000;
  static final int SPANS = 200_000;
  private static final Duration PAUSE_AT = Duration.ofSeconds(2);
  private static final Duration PAUSE = Duration.ofSeconds(2);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int MESSAGE_MAX_BYTES = 500_000;

  private FreshCollectorStall() {}

  /** Runs the stall; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    boolean pause = args.length > 2 && args[2].equals("pause");
    Integer maxSpans = args.length > 4 ? Integer.valueOf(args[3]) : null;
    Long maxBytes = args.length > 4 ? Long.valueOf(args[4]) : null;
    Path dir = Files.createDirectories(Path.of("target", "stall"));
    ConcurrentLinkedQueue<GcPauses.Pause> clientGc = GcPauses.recordThisJvm();
    System.out.printf(Locale.ROOT, "%s Zipkin, %d spans at %d/s, queue %s%n", pause ? "warm, paused 2 s," : "fresh",
        SPANS, RATE, maxSpans == null ? "at its defaults" : maxSpans + " spans, " + maxBytes + " bytes");
    System.out.println(StallRun.HEADER);
    List<StallRun> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      String name = (pause ? "pause-" : "fresh-") + run;
      Path gcLog = dir.resolve(name + "-zipkin-gc.log").toAbsolutePath();
      Files.deleteIfExists(gcLog);
      String load = LoadAverage.describe();
      Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", GcPauses.logOption(gcLog));
      StallRun result;
      if (pause) {
        try (FreshZipkin zipkin = FreshZipkin.start(jar, new PreEncodedLoad(MESSAGE_MAX_BYTES), env)) {
          result = run(zipkin.zipkin, maxSpans, maxBytes, true, gcLog, clientGc);
        }
      } else {
        URI base = URI.create("http://127.0.0.1:" + FreePort.find());
        try (ZipkinProcess zipkin = ZipkinProcess.startOrReuse(base, jar, dir.resolve(name + "-zipkin.log"),
            START_TIMEOUT, env)) {
          result = run(zipkin, maxSpans, maxBytes, false, gcLog, clientGc);
        }
      }
      result = result.withLoad(load);
      results.add(result);
      System.out.println(result.row(run));
      Files.write(dir.resolve(name + "-timeline.tsv"), result.timeline());
    }
    StallRun worst = results.stream().max((a, b) -> Long.compare(a.longestGapNanos(), b.longestGapNanos())).orElseThrow();
    System.out.println();
    System.out.println("Around the longest gap of all runs (run " + (results.indexOf(worst) + 1) + "):");
    worst.aroundLongestGap().forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%nLost in %d of %d runs; %d spans in all%n",
        results.stream().filter(r -> r.lost() > 0).count(), runs, results.stream().mapToLong(StallRun::lost).sum());
  }

  private static StallRun run(ZipkinProcess zipkin, Integer maxSpans, Long maxBytes, boolean pause, Path gcLog,
      ConcurrentLinkedQueue<GcPauses.Pause> clientGc) throws Exception {
    ZipkinCounter counted = ZipkinCounter.spans(zipkin, "http");
    long before = counted.value();
    RecordingSender sender = new RecordingSender(HttpSender.create(zipkin.spansUrl()));
    AsyncReporter.Builder builder = AsyncReporter.builder(sender);
    if (maxSpans != null) builder.queuedMaxSpans(maxSpans).queuedMaxBytes(maxBytes);
    AsyncReporter reporter = builder.build();
    ReporterMetrics metrics = reporter.metrics();
    long startNanos = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    try (QueueTimeline timeline = new QueueTimeline(metrics, sender);
         CollectorPause paused = pause ? CollectorPause.after(zipkin, PAUSE_AT, PAUSE) : CollectorPause.NONE) {
      try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(reporter).build()) {
        SteadyLoad.runCount(RATE, SPANS, () -> Fixtures.finishSpan(tracer));
      } // closes the reporter, which sends what is queued within its close timeout
      long closedNanos = System.nanoTime();
      long accepted = counted.awaitRise(before, metrics.spansSent());
      List<GcPauses.Pause> zipkinGc = GcPauses.fromLog(gcLog);
      return new StallRun(startNanos, startMillis, closedNanos, paused.stoppedAtNanos(), SPANS, metrics.spansSent(), dropsOf(metrics),
          metrics.spansDropped(), accepted, timeline.samples(), sender.posts(), zipkinGc, new ArrayList<>(clientGc), "");
    }
  }

  private static String dropsOf(ReporterMetrics metrics) {
    StringBuilder drops = new StringBuilder();
    for (DropReason reason : DropReason.values()) {
      long n = metrics.spansDropped(reason);
      if (n > 0) drops.append(drops.length() == 0 ? "" : ", ").append(reason).append(' ').append(n);
    }
    return drops.length() == 0 ? "0" : drops.toString();
  }
}
