package io.ziptrace.benchmarks;

import io.ziptrace.Tracer;
import io.ziptrace.examples.run.ZipkinProcess;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.ReporterMetrics;
import io.ziptrace.reporting.Sender;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.reporting.kafka.KafkaSender;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Steady rates into one real Zipkin through each of ziptrace's transports, in the same run: the
 * HTTP sender (POST {@code /api/v2/spans}) and the Kafka sender (a topic on an in-process broker
 * that the same Zipkin's Kafka collector reads). Each transport is offered rising rates, a few
 * seconds each, alternating with the other; a rate counts as delivered when the reporter dropped
 * nothing and Zipkin's collector counted every span sent. Prints one row per step, then the
 * highest rate with zero drops for each transport.
 *
 * <p>Usage: {@code SenderRates <zipkin-server.jar> [seconds per step]}
 */
public final class SenderRates {
  private static final int[] RATES = {10_000, 20_000, 40_000, 60_000, 80_000, 120_000, 160_000};

  private SenderRates() {}

  /** Runs both transports; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Duration step = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 5);
    try (LocalKafka kafka = LocalKafka.start()) {
      kafka.createTopic(KafkaSender.DEFAULT_TOPIC, 1);
      URI base = URI.create("http://127.0.0.1:" + FreePort.find());
      try (ZipkinProcess zipkin = ZipkinProcess.startOrReuse(base, jar, Path.of("target", "zipkin-sender-rates.log"),
          Duration.ofSeconds(120), Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          // the steps send millions of spans; storing fewer keeps Zipkin's heap, not storage, out of the figures
          "MEM_MAX_SPANS", "100000"))) {
        Map<String, Integer> highest = new LinkedHashMap<>();
        highest.put("http", 0);
        highest.put("kafka", 0);
        System.out.println("| transport | spans/s offered | spans offered | sent | dropped | accepted by Zipkin | drain after the step, s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int rate : RATES) {
          for (String transport : highest.keySet()) {
            if (highest.get(transport) < 0) continue; // already dropped at a lower rate
            Step result = run(transport, rate, step, zipkin, kafka.bootstrapServers());
            System.out.println(result.row());
            highest.put(transport, result.delivered() ? rate : -highest.get(transport) - 1);
          }
        }
        int http = decode(highest.get("http"));
        int viaKafka = decode(highest.get("kafka"));
        System.out.printf(Locale.ROOT, "%nHighest steady rate with zero drops: HTTP %d spans/s, Kafka %d spans/s "
            + "(Kafka/HTTP %.2fx; %d spans/s was the highest rate tried)%n", http, viaKafka,
            http == 0 ? Double.NaN : viaKafka / (double) http, RATES[RATES.length - 1]);
      }
    }
  }

  /** The highest delivered rate from its running encoding: non-negative while delivering, -(rate + 1) once it dropped. */
  private static int decode(int value) {
    return value >= 0 ? value : -value - 1;
  }

  private static Step run(String transport, int rate, Duration step, ZipkinProcess zipkin, String bootstrap)
      throws Exception {
    Sender sender = transport.equals("http") ? HttpSender.create(zipkin.spansUrl()) : KafkaSender.create(bootstrap);
    AsyncReporter reporter = AsyncReporter.create(sender);
    ZipkinCounter collected = ZipkinCounter.spans(zipkin, transport);
    long before = collected.value();
    long offered;
    try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(reporter).build()) {
      offered = SteadyLoad.run(rate, step, () -> Fixtures.finishSpan(tracer));
    } // close() flushes what is queued
    sender.close();
    ReporterMetrics metrics = reporter.metrics();
    long drainStart = System.nanoTime();
    long accepted = collected.awaitRise(before, metrics.spansSent());
    double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
    return new Step(transport, rate, offered, metrics.spansSent(), metrics.spansDropped(), accepted, drainSeconds);
  }

  /** One transport at one rate. */
  private record Step(String transport, int rate, long offered, long sent, long dropped, long accepted,
                      double drainSeconds) {
    boolean delivered() {
      return dropped == 0 && sent == offered && accepted == sent;
    }

    String row() {
      return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f |", transport, rate, offered, sent,
          dropped, accepted, drainSeconds);
    }
  }
}
