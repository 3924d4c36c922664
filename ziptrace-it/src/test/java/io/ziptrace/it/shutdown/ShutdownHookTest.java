package io.ziptrace.it.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.it.Figures;
import io.ziptrace.it.ListeningSockets;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A traced application ({@link TracedApp}) in its own JVM is stopped with SIGTERM, as a service
 * manager stops a service: whether it closes its tracer itself or forgets to, the spans it
 * finished reach Zipkin, or their loss is written on its output with the close summary, and it
 * exits within the reporter's close timeout and a margin. Logging goes through java.util.logging
 * as it is, or through SLF4J's bridge, whose handler java.util.logging removes in a shutdown
 * hook of its own.
 */
class ShutdownHookTest {
  /** The reporter's default close timeout (5 s), a JVM's start and exit, and room for a busy machine. */
  static final Duration EXIT_BOUND = Duration.ofSeconds(20);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  /** The exit code of a JVM that ran its shutdown hooks on SIGTERM: 128 + 15. */
  static final int EXIT_ON_SIGTERM = 143;
  static final String SUMMARY = "ziptrace reporter closed";

  @ParameterizedTest(name = "logging={0}")
  @ValueSource(strings = {"jul", "slf4j"})
  void unreachableCollector_appClosesTheTracer_theDropAndTheSummaryAreWritten(String logging) throws Exception {
    assertDropsWritten("unreachable collector, the app closes its tracer, " + logging, "close=app", "logging=" + logging);
  }

  @ParameterizedTest(name = "logging={0}")
  @ValueSource(strings = {"jul", "slf4j"})
  void unreachableCollector_appForgetsClose_theHookWritesTheDropAndTheSummary(String logging) throws Exception {
    assertDropsWritten("unreachable collector, the app never closes its tracer, " + logging, "close=none",
        "logging=" + logging);
  }

  @ParameterizedTest(name = "logging={0}")
  @ValueSource(strings = {"jul", "slf4j"})
  void liveZipkin_appForgetsClose_theHookDeliversEverySpan(String logging) throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    // An hour's send interval: nothing but closing the reporter sends the spans.
    Stopped app = runAndTerminate(zipkin.spansUrl(), "close=none", "sendInterval=PT1H", "logging=" + logging);

    assertThat(zipkin.awaitTrace(app.traceId, TracedApp.SPANS)).hasSize(TracedApp.SPANS);
    assertThat(summaries(app.lines)).singleElement().satisfies(summary -> assertThat(summary)
        .contains("sent " + TracedApp.SPANS + " spans", zipkin.spansUrl()).doesNotContain("dropped"));
    assertThat(app.lines).noneMatch(line -> line.contains("dropped") || line.contains("gave up"));
    Figures.print("shutdown hook, live Zipkin, " + logging, "exited %d ms after SIGTERM, %d spans delivered at exit",
        app.exitMillis, TracedApp.SPANS);
  }

  @Test
  void liveZipkin_hookOptedOutAndNoClose_theSpansAreLostSilently() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    // An hour's send interval: the spans are still queued at SIGTERM, and only a close would send them.
    Stopped app = runAndTerminate(zipkin.spansUrl(), "close=none", "hook=off", "sendInterval=PT1H");

    // Anything the child sent was sent before it exited; a span reported after that, and stored,
    // shows that Zipkin is done with what it received before.
    assertThat(zipkin.awaitTrace(probeTrace(zipkin.spansUrl()), 1)).hasSize(1);
    assertThat(zipkin.trace(app.traceId)).isEmpty();
    assertThat(summaries(app.lines)).isEmpty();
    Figures.print("shutdown hook opted out", "exited %d ms after SIGTERM; 0 of %d spans delivered, nothing written",
        app.exitMillis, TracedApp.SPANS);
  }

  @Test
  void liveZipkin_appsOwnHookFinishesSpansAfterOursClosed_theFirstLateDropIsWrittenWithTheFix() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    // The oversized span's drop is logged first, so the late drop falls within the 30 s in which
    // further warnings are held back.
    Stopped app = runAndTerminate(zipkin.spansUrl(), "close=late", "oversized=true");

    assertThat(zipkin.awaitTrace(app.traceId, TracedApp.SPANS)).hasSize(TracedApp.SPANS);
    assertThat(app.lines).as(app.output()).anyMatch(line -> line.contains("exceed the message limit"));
    assertThat(app.lines).as(app.output()).anySatisfy(line -> assertThat(line)
        .contains("dropped 1 span for " + zipkin.spansUrl() + ": it was reported after close()", "shutdownHook(false)"));
    Figures.print("shutdown hook, the app's hook finishes spans late", "exited %d ms after SIGTERM, the late drop written",
        app.exitMillis);
  }

  /** Runs the app against a port nothing listens on, stops it, and checks what it wrote. */
  private static void assertDropsWritten(String figure, String... options) throws Exception {
    int port = ZipkinServer.freePort();
    assertThat(ListeningSockets.on(port)).isEmpty();
    String url = "http://127.0.0.1:" + port + "/api/v2/spans";
    Stopped app = runAndTerminate(url, options);

    String spans = TracedApp.SPANS + " spans";
    assertThat(app.lines).as(app.output())
        .anyMatch(line -> (line.contains("gave up") || line.contains("dropped")) && line.contains(spans) && line.contains(url));
    assertThat(summaries(app.lines)).as(app.output()).singleElement().satisfies(summary -> assertThat(summary)
        .contains("sent 0 spans", url, "dropped " + TracedApp.SPANS));
    Figures.print("shutdown hook, " + figure, "exited %d ms after SIGTERM, drop and summary written", app.exitMillis);
  }

  /**
   * Starts the app reporting to {@code url}, waits until its spans are finished, sends SIGTERM
   * and waits for its exit.
   */
  private static Stopped runAndTerminate(String url, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(options));
    args.add("url=" + url);
    try (ChildJvm app = ChildJvm.start(TracedApp.class, args)) {
      String ready = app.awaitLine(line -> line.startsWith(TracedApp.READY), READY_TIMEOUT);
      long sigterm = System.nanoTime();
      app.terminate();
      int exit = app.awaitExit(EXIT_BOUND);
      long exitMillis = Duration.ofNanos(System.nanoTime() - sigterm).toMillis();
      System.out.println("child JVM " + args + " wrote:\n" + app.output());
      assertThat(exit).as(app.output()).isEqualTo(EXIT_ON_SIGTERM);
      return new Stopped(ready.substring(TracedApp.READY.length()).trim(), app.lines(), exitMillis);
    }
  }

  private static List<String> summaries(List<String> lines) {
    return lines.stream().filter(line -> line.contains(SUMMARY)).toList();
  }

  /** Reports one span to {@code url} from this JVM and returns its trace id. */
  private static String probeTrace(String url) {
    try (Tracer probe = Tracer.builder().localEndpoint(Endpoint.of("shutdown-probe"))
        .reporter(AsyncReporter.create(HttpSender.create(url))).build()) {
      Span span = probe.newTrace().name("probe").start();
      span.finish();
      return span.context().traceIdString();
    }
  }

  /** What a stopped app printed: its trace id, its lines, and how long it took to exit after SIGTERM. */
  private record Stopped(String traceId, List<String> lines, long exitMillis) {
    String output() {
      return String.join("\n", lines);
    }
  }
}
