package io.ziptrace.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How close each library's reporting comes to what one Zipkin server can take, in one run. Every
 * measurement below gets its own {@link FreshZipkin}, warmed up and nearly empty: a Zipkin that
 * has stored millions of spans is slower, so sharing one server would penalise what runs last.
 *
 * <p>Zipkin answers a POST once it has decoded the spans, and stores them afterwards on a pool of
 * threads with an unbounded queue (see {@link ZipkinStoreBacklog}); its span counter counts what
 * it answered for. So every load below is also timed until Zipkin's store has taken all of it,
 * and a load counts as kept up with only when that store finished within a tenth of the step
 * after the last answer.
 *
 * <ol>
 *   <li>Back to back: one pre-encoded message of the contenders' spans (as large as a reporter's
 *       batches), renumbered before each POST so that every span is new, POSTed as fast as Zipkin
 *       answers, over 1, 2, 4 and 8 connections (ziptrace's {@code HttpSender}, the cheapest
 *       client we have): how fast Zipkin accepts (answers), and how fast it stores (the spans over
 *       the time until its store was done). Accepting runs far ahead of storing here.
 *   <li>The steady ceiling: the same message, paced as a tracing client sends, over 2
 *       connections each offering half the rate, at rising fractions of the back-to-back
 *       acceptance up to the first that is not kept up with in two tries. Each connection has the
 *       slack ziptrace's reporter had at its defaults when the published runs were made: it may
 *       fall behind by 16 MiB and finish within the 5 s close timeout; a rate is kept up with
 *       when Zipkin counted every span due in the step and its store finished within a tenth of
 *       the step after the last answer. The collector's ceiling is the higher of the highest rate kept up with and the
 *       best back-to-back storing rate: the most a client that costs nothing gets stored.
 *   <li>The highest steady rate with zero drops: ziptrace at its defaults (2 sends in flight),
 *       with 1 and with 4, and Brave at its defaults (flushed before close, which alone drops
 *       what is queued), offered rising fractions of the ceiling (each step alternating the
 *       contenders); a rate counts when nothing was dropped, close() returned, Zipkin counted
 *       every span offered, and its store kept up as above. A contender that fails a rate in two
 *       tries (each on a fresh Zipkin) is not offered higher rates.
 *   <li>Where the CPU goes: client and Zipkin CPU per span at each step, and from them the rate
 *       that 2 cores can sustain when the client's own cost per span is paid beside Zipkin's.
 *   <li>Transports: ziptrace at its defaults at three quarters of its highest zero-drop rate,
 *       over HTTP/1.1 (its own sockets, the default) and over HTTP/2 ({@code
 *       java.net.http.HttpClient}), alternated twice: CPU per span of the whole process.
 *   <li>gzip: the same, with and without a compressed body: CPU per span (the whole process, and
 *       the reporter's own threads) and bytes per span on the loopback interface.
 * </ol>
 *
 * <p>Usage: {@code CollectorCeiling <zipkin-server.jar> [seconds per step, default 5]}. To keep
 * Zipkin and the client off each other's cores (Linux): {@code taskset -c 1 java
 * -Dzipkin.cpus=0 ... CollectorCeiling ...} (see {@link FreshZipkin}).
 */
public final class CollectorCeiling {
  private static final int[] CONNECTIONS = {1, 2, 4, 8};
  /** Steps of 2.5% of the back-to-back acceptance: Zipkin stores well under half of what it accepts back to back. */
  private static final double STEADY_FIRST_FRACTION = 0.3;
  private static final double STEADY_FRACTION_STEP = 0.025;
  private static final int STEADY_CONNECTIONS = 2;
  /**
   * The slack a paced client gets, as ziptrace's reporter had at its defaults when the published
   * runs were made: it may fall behind by 16 MiB (the default queue then, kept so that runs
   * compare) and finish within its close timeout (5 s) after the step.
   */
  private static final long STEADY_BACKLOG_BYTES = 16L << 20;
  private static final Duration STEADY_GRACE = Duration.ofSeconds(5);
  /**
   * Tries at a rate, each on a fresh Zipkin, before a contender (or the steady ceiling's free
   * client) fails it: one Zipkin pausing for a second drops spans at rates it otherwise takes,
   * which made the highest zero-drop rate of one contender move from 0.4x to 0.7x the ceiling
   * between runs.
   */
  private static final int ATTEMPTS_PER_STEP = 2;
  private static final double[] FRACTIONS_OF_CEILING =
      {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2};
  /** Besides the default (2): one send at a time, as before maxConcurrentSends, and four. */
  private static final int[] CONCURRENT_SENDS = {1, 4};
  private static final int MESSAGE_MAX_BYTES = 500_000;

  private CollectorCeiling() {}

  /** Runs the parts; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Duration step = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 5);
    System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + ", " + LoadAverage.describe());
    PreEncodedLoad load = new PreEncodedLoad(MESSAGE_MAX_BYTES);
    List<StoredLoad> backToBack = backToBack(jar, load, step);
    StoredLoad accepting = backToBack.stream().max(Comparator.comparingInt(StoredLoad::acceptedRate)).orElseThrow();
    StoredLoad storing = backToBack.stream().max(Comparator.comparingInt(StoredLoad::storedRate)).orElseThrow();
    Ceiling steady = steadyCeiling(jar, load, accepting.acceptedRate(), step);
    Ceiling ceiling = steady.rate() >= storing.storedRate() ? steady
        : new Ceiling(storing.storedRate(), storing.zipkinCpuMicrosPerSpan());
    List<Contender> contenders = new ArrayList<>();
    contenders.add(Contender.ziptrace("ziptrace", s -> s, r -> r));
    for (int sends : CONCURRENT_SENDS) {
      contenders.add(Contender.ziptrace("ziptrace, " + sends + (sends == 1 ? " send" : " sends"), s -> s,
          r -> r.maxConcurrentSends(sends)));
    }
    contenders.add(Contender.brave("brave"));
    Map<String, RateStep> highest = rates(jar, load, contenders, ceiling.rate(), step);
    System.out.printf(Locale.ROOT, "%nCollector ceiling: %d spans/s stored (Zipkin %.2f µs CPU per span there); "
        + "steady ceiling %d spans/s; back to back, at best %d spans/s accepted and %d stored%n", ceiling.rate(),
        ceiling.zipkinCpuMicrosPerSpan(), steady.rate(), accepting.acceptedRate(), storing.storedRate());
    highest.forEach((name, best) -> System.out.printf(Locale.ROOT,
        "Highest zero-drop rate, %s: %s%n", name, best == null ? "none (failed every rate tried)"
            : String.format(Locale.ROOT, "%d spans/s (%.2fx the ceiling, %s the steady ceiling, %.2fx the back-to-back "
                + "acceptance)", best.rate(), best.rate() / (double) ceiling.rate(), steady.rate() == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2fx", best.rate() / (double) steady.rate()),
                best.rate() / (double) accepting.acceptedRate())));
    RateStep brave = highest.get("brave");
    highest.forEach((name, best) -> {
      if (name.startsWith("ziptrace")) System.out.printf(Locale.ROOT, "%s / Brave: %s%n", name,
          brave == null || best == null ? "n/a (one of them dropped at every rate tried)"
              : String.format(Locale.ROOT, "%.2fx", best.rate() / (double) brave.rate()));
    });
    cpuBudget(ceiling, highest.get("ziptrace"));
    RateStep ziptrace = highest.get("ziptrace");
    int gzipRate = Math.max(ceiling.rate() / 10, ziptrace == null ? 0 : ziptrace.rate() * 3 / 4) / 1000 * 1000;
    alternate(jar, load, gzipRate, step, "transports", List.of(
        Contender.ziptrace("HTTP/1.1 (own sockets)", s -> s, r -> r),
        Contender.ziptrace("HTTP/2 (java.net.http.HttpClient)", s -> s.http2(true), r -> r)));
    alternate(jar, load, gzipRate, step, "gzip", List.of(
        Contender.ziptrace("plain", s -> s.gzip(false), r -> r),
        Contender.ziptrace("gzip", s -> s.gzip(true), r -> r)));
    System.out.println("\nAt the end: " + LoadAverage.describe());
  }

  /** A rate a client that costs nothing gets stored, and Zipkin's CPU per span there; 0 if none. */
  private record Ceiling(int rate, double zipkinCpuMicrosPerSpan) {
    static final Ceiling NONE = new Ceiling(0, 0);
  }

  /** Pre-encoded messages back to back over each of {@link #CONNECTIONS}, one load each. */
  private static List<StoredLoad> backToBack(Path jar, PreEncodedLoad load, Duration step) throws Exception {
    System.out.printf(Locale.ROOT, "%n## Back to back: one pre-encoded message of %d spans (%d bytes), "
        + "new ids for every POST%n%n", load.spansPerMessage(), load.messageBytes());
    System.out.println("| connections | spans accepted | seconds | accepted spans/s | stored, s after the last answer "
        + "| stored spans/s | Zipkin CPU µs/span |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    List<StoredLoad> all = new ArrayList<>();
    for (int connections : CONNECTIONS) {
      StoredLoad measured = post(jar, load, connections, step, Pacing.BACK_TO_BACK);
      System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %d | %.2f | %d | %.2f |%n", connections, measured.accepted(),
          measured.seconds(), measured.acceptedRate(), measured.storeLagSeconds(), measured.storedRate(),
          measured.zipkinCpuMicrosPerSpan());
      all.add(measured);
    }
    return all;
  }

  /**
   * The highest steady rate Zipkin kept up with, fed the messages paced over 2 connections at
   * rising fractions of its back-to-back {@code acceptance}, with the slack ziptrace's reporter has
   * at its defaults; {@link Ceiling#NONE} if it kept up with none. A rate is kept up with when
   * Zipkin counted every span due in the step and its store was done within a tenth of the step
   * after the last answer.
   */
  private static Ceiling steadyCeiling(Path jar, PreEncodedLoad load, int acceptance, Duration step) throws Exception {
    int backlogMessages = (int) (STEADY_BACKLOG_BYTES / load.messageBytes() / STEADY_CONNECTIONS);
    System.out.printf(Locale.ROOT, "%n## Steady ceiling: the same messages paced over %d connections, each offering "
        + "an equal share, rising; each may fall %d messages behind and finish within %d s after the step (kept up "
        + "with: Zipkin counted every span due, and stored them all within %.1f s of the last answer)%n%n",
        STEADY_CONNECTIONS, backlogMessages, STEADY_GRACE.toSeconds(), ZipkinStoreBacklog.allowedLagSeconds(step));
    System.out.println("| spans/s offered | spans due | spans accepted | stored, s after the last answer "
        + "| Zipkin CPU µs/span | kept up with |");
    System.out.println("|---:|---:|---:|---:|---:|---|");
    Ceiling best = Ceiling.NONE;
    for (double fraction = STEADY_FIRST_FRACTION; fraction <= 1.0; fraction += STEADY_FRACTION_STEP) {
      int rate = fractionOf(acceptance, fraction);
      Pacing pacing = new Pacing(rate / STEADY_CONNECTIONS, backlogMessages, STEADY_GRACE);
      long due = STEADY_CONNECTIONS * pacing.messagesDue(step, load.spansPerMessage()) * load.spansPerMessage();
      StoredLoad stored = null;
      boolean keptUp = false;
      for (int attempt = 1; attempt <= ATTEMPTS_PER_STEP && !keptUp; attempt++) {
        stored = post(jar, load, STEADY_CONNECTIONS, step, pacing);
        keptUp = stored.accepted() >= due && ZipkinStoreBacklog.keptUp(stored.storeLagSeconds(), step);
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %.2f | %.2f | %s |%n", rate, due, stored.accepted(),
            stored.storeLagSeconds(), stored.zipkinCpuMicrosPerSpan(), keptUp ? "yes" : "NO");
      }
      if (!keptUp) break;
      best = new Ceiling(rate, stored.zipkinCpuMicrosPerSpan()); // its rate: what was offered, and all of it stored
    }
    return best;
  }

  /** {@code load}'s messages to a Zipkin of its own for {@code step}, each connection timed by {@code pacing}. */
  private static StoredLoad post(Path jar, PreEncodedLoad load, int connections, Duration step, Pacing pacing)
      throws Exception {
    try (FreshZipkin zipkin = FreshZipkin.start(jar, load)) {
      return StoredLoad.measure(zipkin, load, connections, step, pacing);
    }
  }

  /** {@code fraction} of {@code ceiling}, rounded to 1000 spans/s. */
  private static int fractionOf(int ceiling, double fraction) {
    return (int) Math.round(ceiling * fraction / 1000) * 1000;
  }

  /**
   * Each contender's last step with zero drops, by name; null for one that dropped at every rate.
   * A contender fails a rate when it dropped in {@value #ATTEMPTS_PER_STEP} tries, each on a fresh
   * Zipkin.
   */
  private static Map<String, RateStep> rates(Path jar, PreEncodedLoad load, List<Contender> contenders, int ceiling,
      Duration step) throws Exception {
    System.out.printf(Locale.ROOT, "%n## Steady rates, rising, contenders alternating (%d s per step)%n%n",
        step.toSeconds());
    System.out.println(RateStep.header());
    Map<String, RateStep> highest = new LinkedHashMap<>();
    List<Contender> remaining = new ArrayList<>(contenders);
    for (Contender contender : contenders) highest.put(contender.name, null);
    for (double fraction : FRACTIONS_OF_CEILING) {
      int rate = fractionOf(ceiling, fraction);
      for (Contender contender : List.copyOf(remaining)) {
        RateStep result = null;
        for (int attempt = 1; attempt <= ATTEMPTS_PER_STEP && (result == null || !result.delivered()); attempt++) {
          try (FreshZipkin zipkin = FreshZipkin.start(jar, load)) {
            result = contender.run(rate, step, zipkin);
          }
          System.out.println(result.row());
        }
        if (result.delivered()) highest.put(contender.name, result); else remaining.remove(contender);
      }
    }
    return highest;
  }

  /**
   * Client and server share the cores: at a rate R, Zipkin needs R x its CPU per span and the
   * client R x its own, so no client whose spans cost c can go beyond cores / (zipkin + c).
   */
  private static void cpuBudget(Ceiling ceiling, RateStep ziptrace) {
    if (ziptrace == null) return;
    if (System.getProperty("zipkin.cpus") != null) {
      System.out.printf(Locale.ROOT, "%n## Where the CPU goes%n%nZipkin ran on CPUs %s, the client on the others: "
          + "they shared no core. At ziptrace's highest zero-drop rate (%d spans/s): the client process %.2f µs CPU "
          + "per span, Zipkin %.2f µs per span (%.2f µs at the ceiling).%n", System.getProperty("zipkin.cpus"),
          ziptrace.rate(), ziptrace.processCpuNanos() / 1e3 / Math.max(1, ziptrace.offered()),
          ziptrace.zipkinCpuNanos() / 1e3 / Math.max(1, ziptrace.accepted()), ceiling.zipkinCpuMicrosPerSpan());
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double client = ziptrace.processCpuNanos() / 1e3 / Math.max(1, ziptrace.offered());
    double zipkin = ziptrace.zipkinCpuNanos() / 1e3 / Math.max(1, ziptrace.accepted());
    double sustainable = cores * 1e6 / (zipkin + client);
    System.out.printf(Locale.ROOT, "%n## Where the CPU goes%n%n");
    System.out.printf(Locale.ROOT, "At ziptrace's highest zero-drop rate (%d spans/s): the client process %.2f µs CPU per "
        + "span (making spans, encoding, sending), Zipkin %.2f µs per span (%.2f µs at the ceiling, fed by a client that "
        + "only renumbers and POSTs). %d cores shared by both sustain at most %d / (%.2f + %.2f) µs = %.0f spans/s "
        + "with this client: %.2fx the ceiling; ziptrace's zero-drop rate is %.2fx of that.%n",
        ziptrace.rate(), client, zipkin, ceiling.zipkinCpuMicrosPerSpan(), cores, cores, zipkin, client, sustainable,
        sustainable / ceiling.rate(), ziptrace.rate() / sustainable);
  }

  /** Runs the {@code contenders} at {@code rate} in turn, twice, each on a fresh Zipkin, and prints their costs. */
  private static void alternate(Path jar, PreEncodedLoad load, int rate, Duration step, String title,
      List<Contender> contenders) throws Exception {
    System.out.printf(Locale.ROOT, "%n## %s: ziptrace at %d spans/s, alternated twice%n%n", title, rate);
    System.out.println("| contender | spans accepted | delivered | process CPU ns/span | reporter threads CPU ns/span "
        + "| loopback bytes/span | JSON bytes/span (Zipkin, decoded) |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|");
    for (int round = 0; round < 2; round++) {
      for (Contender contender : contenders) {
        RateStep r;
        try (FreshZipkin zipkin = FreshZipkin.start(jar, load)) {
          r = contender.run(rate, step, zipkin);
        }
        double accepted = Math.max(1, r.accepted());
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %.1f | %.1f |%n", r.contender(), r.accepted(),
            r.verdict(), r.processCpuNanos() / accepted, r.senderCpuNanos() / accepted,
            r.loopbackBytes() / accepted, r.collectorBytes() / accepted);
      }
    }
  }
}
