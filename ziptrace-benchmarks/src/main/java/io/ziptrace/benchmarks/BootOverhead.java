package io.ziptrace.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of tracing a Spring Boot application: the same Spring MVC application (module
 * ziptrace-benchmarks-spring, with actuator) in three child JVMs with the same options, untraced,
 * traced by ziptrace's starter and traced by Boot's Brave tracing ({@code
 * spring-boot-starter-zipkin}), each traced one at 100% sampling, reporting with its library's
 * default reporter to one real Zipkin ({@link FreshZipkin}). Phases of the same loopback load
 * ({@link LoopbackLoad}) alternate between them, the order rotating each round, after warm-up
 * rounds.
 *
 * <p>Per phase, the driver reads the child's CPU time before the load and again once the child has
 * gone quiet after it ({@link QuietCpu}), having first waited until Zipkin counted a span for every
 * request (or its count stopped moving): the CPU a reporter spends sending after the load counts.
 * Prints requests/s, p50/p99 latency, CPU per request and spans delivered per request of each, then
 * ziptrace against Brave: throughput, p99 added to the untraced application's, and the CPU time
 * per span delivered to Zipkin, (traced CPU per request - untraced CPU per request) x requests /
 * spans delivered.
 *
 * <p>Usage: {@code BootOverhead <zipkin-server.jar> <ziptrace-benchmarks-spring/target> [seconds
 * per phase, default 5] [rounds, default 3]}. {@code -Dboot.jvm.options="..."} adds options to
 * every child JVM, {@code {variant}} in them replaced by its name (e.g. a JFR recording per
 * variant: {@code -XX:StartFlightRecording=filename=target/{variant}.jfr}).
 */
public final class BootOverhead {
  private static final int WARM_UP_ROUNDS = 3;
  private static final int MESSAGE_MAX_BYTES = 500_000;
  private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");

  /** One way of running the application: its name and its class path file. */
  private record Variant(String name, String classPathFile, boolean traced) {}

  private static final List<Variant> VARIANTS = List.of(new Variant("untraced", "classpath-untraced.txt", false),
      new Variant("ziptrace", "classpath-ziptrace.txt", true), new Variant("Brave", "classpath-brave.txt", true));
  private static final int UNTRACED = 0;
  private static final int ZIPTRACE = 1;
  private static final int BRAVE = 2;

  private BootOverhead() {}

  /** Runs the comparison; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path appTarget = Path.of(args[1]);
    long phaseNanos = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 5).toNanos();
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String loadBefore = LoadAverage.describe();
    try (FreshZipkin zipkin = FreshZipkin.start(jar, new PreEncodedLoad(MESSAGE_MAX_BYTES))) {
      List<BootApp> apps = new ArrayList<>();
      try {
        for (Variant variant : VARIANTS) {
          apps.add(BootApp.start(variant.name, appTarget, variant.classPathFile, jvmOptions(variant), arguments(zipkin)));
        }
        URI[] uris = new URI[apps.size()];
        for (int i = 0; i < uris.length; i++) uris[i] = apps.get(i).uri();
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
          for (int i = 0; i < uris.length; i++) measure(zipkin, apps.get(i), VARIANTS.get(i), uris[i], phaseNanos);
        }
        BootLoad[] totals = new BootLoad[uris.length];
        List<String> phases = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          for (int k = 0; k < uris.length; k++) {
            int i = (round - 1 + k) % uris.length;
            BootLoad phase = measure(zipkin, apps.get(i), VARIANTS.get(i), uris[i], phaseNanos);
            totals[i] = totals[i] == null ? phase : totals[i].plus(phase);
            phases.add(phase.row("round " + round + ", " + VARIANTS.get(i).name));
          }
        }
        print(totals, phases);
      } finally {
        for (BootApp app : apps) app.close();
      }
    }
    System.out.println();
    System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + "; " + loadBefore + " before, " + LoadAverage.describe() + " after.");
  }

  private static List<String> jvmOptions(Variant variant) {
    List<String> options = new ArrayList<>(HEAP);
    String extra = System.getProperty("boot.jvm.options", "").trim();
    if (!extra.isEmpty()) {
      for (String option : extra.split("\\s+")) options.add(option.replace("{variant}", variant.name));
    }
    return options;
  }

  private static List<String> arguments(FreshZipkin zipkin) {
    return List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.application.name=users",
        "--management.tracing.sampling.probability=1.0",
        "--management.tracing.export.zipkin.endpoint=" + zipkin.spansUrl(),
        "--logging.level.root=WARN", "--spring.main.banner-mode=off");
  }

  /** One phase of load on {@code app}, its CPU time until quiet after it, and the spans Zipkin counted. */
  private static BootLoad measure(FreshZipkin zipkin, BootApp app, Variant variant, URI uri, long phaseNanos)
      throws Exception {
    long spansBefore = zipkin.spans.value();
    long cpuBefore = app.cpuNanos();
    LoopbackLoad load = LoopbackLoad.drive(uri, phaseNanos);
    if (variant.traced) zipkin.spans.awaitRise(spansBefore, load.requests());
    long cpuAfter = QuietCpu.await(app::cpuNanos, QUIET_TIMEOUT);
    return new BootLoad(load, cpuAfter - cpuBefore, zipkin.spans.value() - spansBefore);
  }

  private static void print(BootLoad[] totals, List<String> phases) {
    BootLoad untraced = totals[UNTRACED];
    BootLoad ziptrace = totals[ZIPTRACE];
    BootLoad brave = totals[BRAVE];
    System.out.println(BootLoad.HEADER);
    for (int i = 0; i < totals.length; i++) System.out.println(totals[i].row(VARIANTS.get(i).name));
    System.out.println(ziptrace.ratioRow("ziptrace / untraced", untraced));
    System.out.println(brave.ratioRow("Brave / untraced", untraced));
    System.out.println();
    System.out.println("| ziptrace against Brave | ziptrace | Brave | ziptrace / Brave | target | met |");
    System.out.println("|---|---:|---:|---:|---|---|");
    double throughput = ziptrace.load().perSecond() / brave.load().perSecond();
    System.out.printf(Locale.ROOT, "| requests/s | %.0f | %.0f | %.3fx | ≥ 1.00x | %s |%n", ziptrace.load().perSecond(),
        brave.load().perSecond(), throughput, met(throughput >= 1));
    double ziptraceP99 = ziptrace.addedP99Micros(untraced);
    double braveP99 = brave.addedP99Micros(untraced);
    System.out.printf(Locale.ROOT, "| p99 added to untraced | %+.0f µs | %+.0f µs | %s | ≤ Brave's | %s |%n", ziptraceP99,
        braveP99, braveP99 > 0 ? String.format(Locale.ROOT, "%.2fx", ziptraceP99 / braveP99) : "n/a",
        met(ziptraceP99 <= braveP99));
    double ziptraceCpu = ziptrace.cpuMicrosPerSpanOver(untraced);
    double braveCpu = brave.cpuMicrosPerSpanOver(untraced);
    System.out.printf(Locale.ROOT, "| CPU per span delivered to Zipkin | %.1f µs | %.1f µs | %.2fx | ≤ 0.50x | %s |%n",
        ziptraceCpu, braveCpu, ziptraceCpu / braveCpu, met(ziptraceCpu <= 0.5 * braveCpu));
    System.out.println();
    System.out.println("Each phase:");
    System.out.println();
    System.out.println(BootLoad.HEADER.replace("| variant |", "| phase |"));
    phases.forEach(System.out::println);
  }

  private static String met(boolean met) {
    return met ? "yes" : "NO";
  }
}
