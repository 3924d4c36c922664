package io.ziptrace.it.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.Accounting;
import io.ziptrace.it.Figures;
import io.ziptrace.it.ListeningSockets;
import io.ziptrace.it.LogCapture;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.it.shutdown.AcknowledgingSender.Ack;
import io.ziptrace.it.shutdown.SteadySpans.Reported;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.ReporterMetrics;
import io.ziptrace.reporting.http.HttpSender;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real Zipkin is stopped with SIGTERM while spans flow to it at a steady rate and, after a
 * pause such as an operator's restart, a new one starts on the same port: a reporter at its
 * default settings loses nothing. Zipkin keeps spans in memory, so what the first one stored
 * vanishes with it; the sender records which spans each Zipkin acknowledged, and every span must
 * be acknowledged by the first or stored by the second.
 */
class ZipkinRestartTest {
  static final int SPANS_PER_SECOND = 200;
  /** Messages the first Zipkin acknowledges before it is stopped (one a second at the defaults). */
  static final int MESSAGES_BEFORE_STOP = 3;
  /** How long nothing runs on the port: the restart's pause, besides the second Zipkin's boot. */
  static final Duration RESTART_PAUSE = Duration.ofSeconds(8);
  /** How long the load goes on once the second Zipkin is healthy, at least. */
  static final Duration LOAD_AFTER = Duration.ofSeconds(3);

  private final AtomicReference<CollectorPhase> phase = new AtomicReference<>(CollectorPhase.NONE);

  @Test
  void zipkinRestartedMidRun_everySpanReachesOneOfThem() throws Exception {
    ZipkinServer zipkin = ZipkinServer.onFreePort();
    AcknowledgingSender sender = new AcknowledgingSender(HttpSender.create(zipkin.spansUrl()), phase::get);
    AsyncReporter reporter = AsyncReporter.create(sender); // the defaults: their retries must ride out the restart
    Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("restart")).reporter(reporter).build();
    try (LogCapture log = new LogCapture(AsyncReporter.class.getName())) {
      long booting = System.nanoTime();
      zipkin.start();
      long firstBootMillis = millis(System.nanoTime() - booting);
      phase.set(CollectorPhase.FIRST);
      Restart restart;
      List<Reported> reported;
      try (SteadySpans load = SteadySpans.start(tracer, SPANS_PER_SECOND, phase::get)) {
        ZipkinServer.await(() -> acknowledgedIn(sender, CollectorPhase.FIRST), n -> n >= MESSAGES_BEFORE_STOP,
            MESSAGES_BEFORE_STOP + " messages acknowledged by the first Zipkin");
        restart = restart(zipkin, firstBootMillis);
        long backlog = load.reported().size();
        ReporterMetrics m = reporter.metrics();
        ZipkinServer.await(() -> m.spansSent() + m.spansDropped(),
            settled -> settled >= backlog && System.nanoTime() - restart.upNanos >= LOAD_AFTER.toNanos(),
            "the " + backlog + " spans reported before the second Zipkin was up settled, and "
                + LOAD_AFTER.toMillis() + " ms of load since");
        load.close();
        reported = load.reported();
      }
      tracer.close();
      assertEverySpanReachedAZipkin(zipkin, reporter.metrics(), sender.acks(), reported, restart);
      // Whoever read the outage's start in the log reads its end too.
      String url = zipkin.spansUrl();
      assertThat(log.messages()).anyMatch(line -> line.startsWith("cannot send spans to " + url + " yet"));
      assertThat(log.messages()).anySatisfy(line -> assertThat(line).startsWith("spans reach " + url + " again after ")
          .endsWith("; no span was dropped meanwhile"));
    } finally {
      tracer.close();
      zipkin.close();
    }
  }

  /** Stops the Zipkin with SIGTERM, leaves the port empty for the pause, and starts it again. */
  private Restart restart(ZipkinServer zipkin, long firstBootMillis) throws InterruptedException {
    phase.set(CollectorPhase.FIRST_STOPPING);
    long sigterm = System.nanoTime();
    zipkin.close(); // SIGTERM, then waits for the process to exit
    long exited = System.nanoTime();
    phase.set(CollectorPhase.NONE);
    assertThat(ListeningSockets.on(zipkin.baseUrl().getPort())).isEmpty();
    Thread.sleep(RESTART_PAUSE.toMillis()); // the operator's pause: part of the scenario, not a wait for a condition
    phase.set(CollectorPhase.SECOND_BOOTING);
    long booting = System.nanoTime();
    zipkin.start(); // a new process on the same port, returning once /health answers
    long up = System.nanoTime();
    phase.set(CollectorPhase.SECOND);
    return new Restart(firstBootMillis, millis(exited - sigterm), millis(up - booting), millis(up - sigterm), up);
  }

  private static void assertEverySpanReachedAZipkin(ZipkinServer second, ReporterMetrics metrics, List<Ack> acks,
      List<Reported> reported, Restart restart) {
    Set<String> byFirst = spanIds(acks, ack -> ack.sentIn().firstMayAnswer());
    Set<String> bySecond = spanIds(acks, ack -> !ack.sentIn().firstMayAnswer());
    List<Reported> notByFirst = reported.stream().filter(span -> !byFirst.contains(span.spanId())).toList();
    Set<String> storedInSecond = second.awaitTraces(notByFirst.stream().map(Reported::traceId).toList(), 1).values()
        .stream().flatMap(List::stream).map(zipkin2.Span::id).collect(Collectors.toSet());
    List<Reported> duringOutage = reported.stream()
        .filter(span -> span.phase() != CollectorPhase.FIRST && span.phase() != CollectorPhase.SECOND).toList();
    printFigures(restart, metrics, acks, reported.size(), byFirst.size(), storedInSecond.size(), duringOutage.size());

    assertThat(metrics.spansDropped()).as(metrics.toString()).isZero();
    assertThat(metrics.spansSent()).as(metrics.toString()).isEqualTo(metrics.spansReported()).isEqualTo(reported.size());
    Accounting.assertAccounted(metrics);
    List<Reported> lost = notByFirst.stream().filter(span -> !storedInSecond.contains(span.spanId())).toList();
    assertThat(lost).as("spans neither acknowledged by the first Zipkin nor stored in the second").isEmpty();
    assertThat(storedInSecond).as("spans the second Zipkin acknowledged").containsAll(bySecond);
    assertThat(duringOutage).isNotEmpty().allSatisfy(span -> assertThat(storedInSecond).contains(span.spanId()));
  }

  private static void printFigures(Restart restart, ReporterMetrics metrics, List<Ack> acks, int reported, int byFirst,
      int storedInSecond, int duringOutage) {
    OptionalLong firstBySecond = acks.stream().filter(ack -> !ack.sentIn().firstMayAnswer())
        .mapToLong(Ack::answeredAtNanos).min();
    Figures.print("zipkin restart", "first Zipkin booted in %d ms and exited %d ms after SIGTERM, the second booted in "
            + "%d ms; outage %d ms (SIGTERM to healthy, with a %d ms pause)", restart.firstBootMillis, restart.stopMillis,
        restart.bootMillis, restart.outageMillis, RESTART_PAUSE.toMillis());
    Figures.print("zipkin restart", "%d spans at %d/s: %d acknowledged by the first Zipkin, %d stored in the second, "
            + "%d reported during the outage; the second's first answer came %s ms after its /health did; %s",
        reported, SPANS_PER_SECOND, byFirst, storedInSecond, duringOutage,
        firstBySecond.isPresent() ? Long.toString(millis(firstBySecond.getAsLong() - restart.upNanos)) : "never", metrics);
  }

  private static long acknowledgedIn(AcknowledgingSender sender, CollectorPhase phase) {
    return sender.acks().stream().filter(ack -> ack.answeredIn() == phase).count();
  }

  private static Set<String> spanIds(List<Ack> acks, Predicate<Ack> which) {
    return acks.stream().filter(which).flatMap(ack -> ack.spanIds().stream()).collect(Collectors.toSet());
  }

  private static long millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  /**
   * How long the first Zipkin took to boot and to exit, the second to boot, the whole outage,
   * and when it ended ({@link System#nanoTime()}).
   */
  private record Restart(long firstBootMillis, long stopMillis, long bootMillis, long outageMillis, long upNanos) {}
}
