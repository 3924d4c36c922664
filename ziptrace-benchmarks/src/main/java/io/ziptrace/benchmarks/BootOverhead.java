package io.ziptrace.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost of tracing a Spring Boot application: the same Spring MVC application (module
 * ziptrace-benchmarks-spring, with actuator) in child JVMs with the same options, untraced, traced
 * by ziptrace's starter and traced by Boot's Brave tracing ({@code spring-boot-starter-zipkin}),
 * each tracer at 100% sampling reporting with its library's default reporter to one real Zipkin
 * ({@link FreshZipkin}), and each tracer again with export to Zipkin turned off ({@code
 * management.tracing.export.zipkin.enabled=false}: spans are recorded and dropped), which shows
 * what tracing costs a request before its reporter and Zipkin have any work. Phases of the same loopback load ({@link LoopbackLoad})
 * alternate between them, the order rotating each round, after warm-up rounds.
 *
 * <p>Per phase, the driver reads the child's CPU time before the load and again once the child has
 * gone quiet after it ({@link QuietCpu}), having first waited until Zipkin counted a span for every
 * request (or its count stopped moving): the CPU a reporter spends sending after the load counts.
 * Zipkin's CPU time is read likewise: on a small machine it competes with the application.
 * {@link BootReport} prints each variant's figures (the median of its phases: other work on a
 * shared machine disturbs one phase now and then) and ziptrace against Brave. To keep Zipkin off the
 * application's cores (Linux): {@code taskset -c 1 java -Dzipkin.cpus=0 ... BootOverhead ...}
 * (see {@link FreshZipkin}); the child JVMs run where the driver does.
 *
 * <p>Usage: {@code BootOverhead <zipkin-server.jar> <ziptrace-benchmarks-spring/target> [seconds
 * per phase, default 5] [rounds, default 5]}. {@code -Dboot.jvm.options="..."} adds options to
 * every child JVM, {@code {variant}} in them replaced by its name (e.g. a JFR recording per
 * variant: {@code -XX:StartFlightRecording=filename=target/{variant}.jfr}).
 */
public final class BootOverhead {
  private static final int WARM_UP_ROUNDS = 3;
  private static final int MESSAGE_MAX_BYTES = 500_000;
  private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");

  /** One way of running the application: its class path file, and whether its tracer exports spans to Zipkin. */
  record Variant(String name, String classPathFile, boolean exported) {}

  static final Variant UNTRACED = new Variant("untraced", "classpath-untraced.txt", false);
  static final Variant ZIPTRACE = new Variant("ziptrace", "classpath-ziptrace.txt", true);
  static final Variant BRAVE = new Variant("Brave", "classpath-brave.txt", true);
  private static final List<Variant> VARIANTS = List.of(UNTRACED, ZIPTRACE, BRAVE,
      new Variant("ziptrace-no-export", ZIPTRACE.classPathFile, false),
      new Variant("Brave-no-export", BRAVE.classPathFile, false));

  private BootOverhead() {}

  /** Runs the comparison; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path appTarget = Path.of(args[1]);
    long phaseNanos = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 5).toNanos();
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String loadBefore = LoadAverage.describe();
    Map<Variant, List<BootLoad>> phases = new LinkedHashMap<>();
    try (FreshZipkin zipkin = FreshZipkin.start(jar, new PreEncodedLoad(MESSAGE_MAX_BYTES))) {
      Map<Variant, BootApp> apps = new LinkedHashMap<>();
      try {
        for (Variant variant : VARIANTS) {
          apps.put(variant, BootApp.start(variant.name, appTarget, variant.classPathFile, jvmOptions(variant),
              arguments(zipkin, variant)));
        }
        Map<Variant, URI> uris = new LinkedHashMap<>();
        for (Variant variant : VARIANTS) uris.put(variant, apps.get(variant).uri());
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
          for (Variant variant : VARIANTS) measure(zipkin, apps.get(variant), variant, uris.get(variant), phaseNanos);
        }
        for (int round = 0; round < rounds; round++) {
          for (int k = 0; k < VARIANTS.size(); k++) {
            Variant variant = VARIANTS.get((round + k) % VARIANTS.size());
            BootLoad phase = measure(zipkin, apps.get(variant), variant, uris.get(variant), phaseNanos);
            phases.computeIfAbsent(variant, v -> new ArrayList<>()).add(phase);
          }
        }
      } finally {
        for (BootApp app : apps.values()) app.close();
      }
    }
    Map<Variant, List<BootLoad>> inOrder = new LinkedHashMap<>();
    for (Variant variant : VARIANTS) inOrder.put(variant, phases.get(variant));
    BootReport.print(inOrder);
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

  private static List<String> arguments(FreshZipkin zipkin, Variant variant) {
    return List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.application.name=users",
        "--management.tracing.sampling.probability=1.0",
        "--management.tracing.export.zipkin.enabled=" + variant.exported,
        "--management.tracing.export.zipkin.endpoint=" + zipkin.spansUrl(),
        "--logging.level.root=WARN", "--spring.main.banner-mode=off");
  }

  /**
   * One phase of load on {@code app}; its CPU time and Zipkin's until both went quiet after it,
   * and the spans Zipkin counted.
   */
  private static BootLoad measure(FreshZipkin zipkin, BootApp app, Variant variant, URI uri, long phaseNanos)
      throws Exception {
    long spansBefore = zipkin.spans.value();
    long cpuBefore = app.cpuNanos();
    long zipkinCpuBefore = zipkin.cpuNanos();
    LoopbackLoad load = LoopbackLoad.drive(uri, phaseNanos);
    if (variant.exported) zipkin.spans.awaitRise(spansBefore, load.requests());
    long cpuAfter = QuietCpu.await(app::cpuNanos, QUIET_TIMEOUT);
    long zipkinCpuAfter = QuietCpu.await(zipkin::cpuNanos, QUIET_TIMEOUT);
    return new BootLoad(load, cpuAfter - cpuBefore, zipkin.spans.value() - spansBefore,
        zipkinCpuAfter - zipkinCpuBefore);
  }
}
