package io.ziptrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A Spring Boot WebFlux application on Reactor Netty, traced by this starter with {@code
 * spring.reactor.context-propagation=auto}, keeps the request's span across thread hops: after
 * {@code Mono.delay} and {@code publishOn(Schedulers.parallel())} the handler, now on a parallel
 * thread, sees the request's SERVER span as Micrometer's current span and as {@link
 * ZiptraceMicrometer#currentContext()}, a span it starts there is that SERVER span's child, and its
 * log line carries {@code [traceId-spanId]} of that span. Once the response is written, no span,
 * context, observation or MDC entry is left on the parallel scheduler's threads. The spans are
 * decoded from what the reporter POSTs to a loopback collector.
 */
class WebFluxContextPropagationTest {
  private static final Pattern AFTER_HOP =
      Pattern.compile("\\[([0-9a-f]{32})-([0-9a-f]{16})\\] .*after the hop on (parallel-\\d+)");

  @Test
  void theServerSpanIsCurrentAfterAThreadHopAndNothingIsLeftBehind() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream console = System.out;
    AfterHop seen;
    List<Span> reported = new ArrayList<>();
    try (LoopbackCollector collector = new LoopbackCollector()) {
      System.setOut(new PrintStream(new SpringBootZipkinEndToEndTest.TeeOutputStream(console, output), true,
          StandardCharsets.UTF_8));
      try (ConfigurableApplicationContext app = new SpringApplication(HopApplication.class).run(
          "--spring.main.web-application-type=reactive", "--server.port=0", "--server.address=127.0.0.1",
          "--spring.application.name=hops", "--spring.reactor.context-propagation=auto",
          "--management.tracing.sampling.probability=1.0",
          "--management.tracing.export.zipkin.endpoint=" + collector.spansUrl())) {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + "/hop"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        seen = app.getBean(HopPage.class).seen.get();
        assertThat(seen).isNotNull();
        assertNothingLeftCurrent(app.getBean(Tracer.class), app.getBean(ZiptraceMicrometer.class),
            app.getBean(ObservationRegistry.class), seen.thread());
      } finally { // closing the context delivers the spans still queued
        System.setOut(console);
        Hooks.disableAutomaticContextPropagation(); // Boot enabled it for the whole JVM
      }
      for (String body : collector.bodies()) {
        reported.addAll(SpanBytesDecoder.JSON_V2.decodeList(body.getBytes(StandardCharsets.UTF_8)));
      }
    }

    Map<String, Span> spans = reported.stream().collect(Collectors.toMap(Span::name, Function.identity()));
    assertThat(spans).containsOnlyKeys("http get /hop", "after the hop");
    Span server = spans.get("http get /hop");
    Span child = spans.get("after the hop");
    assertThat(server.kind()).isEqualTo(Span.Kind.SERVER);
    assertThat(server.parentId()).isNull();

    assertThat(seen.thread()).startsWith("parallel-").isNotEqualTo(seen.requestThread());
    assertThat(seen.currentTraceId()).as("Tracer.currentSpan() after the hop").isEqualTo(server.traceId());
    assertThat(seen.currentSpanId()).as("Tracer.currentSpan() after the hop").isEqualTo(server.id());
    assertThat(seen.ziptrace()).as("ZiptraceMicrometer.currentContext() after the hop").isNotNull();
    assertThat(seen.ziptrace().traceIdString()).isEqualTo(server.traceId());
    assertThat(seen.ziptrace().spanIdString()).isEqualTo(server.id());

    assertThat(child.traceId()).isEqualTo(server.traceId());
    assertThat(child.parentId()).isEqualTo(server.id());
    assertThat(child.id()).isEqualTo(seen.childSpanId());

    String log = output.toString(StandardCharsets.UTF_8);
    Matcher line = AFTER_HOP.matcher(log);
    assertThat(line.find()).as("a log line with [traceId-spanId] in:%n%s", log).isTrue();
    assertThat(line.group(1)).isEqualTo(server.traceId());
    assertThat(line.group(2)).isEqualTo(server.id());
    assertThat(line.group(3)).isEqualTo(seen.thread());
  }

  /**
   * Runs a check on every worker of {@link Schedulers#parallel()} (it hands tasks out in turn) until
   * a round has seen the hop's thread and found nothing current on any worker, or the deadline
   * passes: the scope of the request may still be closing when the response has arrived.
   */
  private static void assertNothingLeftCurrent(Tracer tracer, ZiptraceMicrometer bridge, ObservationRegistry registry,
      String hopThread) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Map<String, String> round;
    do {
      round = new ConcurrentHashMap<>();
      Map<String, String> found = round;
      CountDownLatch done = new CountDownLatch(Schedulers.DEFAULT_POOL_SIZE);
      for (int i = 0; i < Schedulers.DEFAULT_POOL_SIZE; i++) {
        Schedulers.parallel().schedule(() -> {
          found.put(Thread.currentThread().getName(), current(tracer, bridge, registry));
          done.countDown();
        });
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).as("checks run on Schedulers.parallel()").isTrue();
      if (round.containsKey(hopThread) && round.values().stream().allMatch(String::isEmpty)) return;
      Thread.sleep(20); // polling the scheduler's threads until the deadline
    } while (System.nanoTime() < deadline);
    throw new AssertionError("still current on Schedulers.parallel() (hop on " + hopThread + "): " + round);
  }

  private static String current(Tracer tracer, ZiptraceMicrometer bridge, ObservationRegistry registry) {
    StringBuilder current = new StringBuilder();
    if (tracer.currentSpan() != null) current.append("span ").append(tracer.currentSpan().context()).append(' ');
    if (bridge.currentContext() != null) current.append("context ").append(bridge.currentContext()).append(' ');
    if (registry.getCurrentObservation() != null) current.append("observation ").append(registry.getCurrentObservation()).append(' ');
    if (MDC.get("traceId") != null || MDC.get("spanId") != null) current.append("MDC ").append(MDC.getCopyOfContextMap());
    return current.toString();
  }

  /** What the handler saw on the thread it hopped to. */
  record AfterHop(String requestThread, String thread, String currentTraceId, String currentSpanId,
      io.ziptrace.TraceContext ziptrace, String childSpanId) {
  }

  /** The traced application: a WebFlux handler that hops to {@link Schedulers#parallel()}. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(HopPage.class)
  static class HopApplication {
  }

  @RestController
  static class HopPage {
    private static final Logger LOG = LoggerFactory.getLogger(HopPage.class);
    final AtomicReference<AfterHop> seen = new AtomicReference<>();
    private final Tracer tracer;
    private final ZiptraceMicrometer bridge;

    HopPage(Tracer tracer, ZiptraceMicrometer bridge) {
      this.tracer = tracer;
      this.bridge = bridge;
    }

    @GetMapping("/hop")
    Mono<String> hop() {
      String requestThread = Thread.currentThread().getName();
      return Mono.delay(Duration.ofMillis(20)).publishOn(Schedulers.parallel()).map(tick -> {
        String thread = Thread.currentThread().getName();
        LOG.info("after the hop on {}", thread);
        io.micrometer.tracing.Span current = tracer.currentSpan();
        io.ziptrace.TraceContext ziptrace = bridge.currentContext();
        io.micrometer.tracing.Span child = tracer.nextSpan().name("after the hop").start();
        child.end();
        seen.set(new AfterHop(requestThread, thread, current == null ? null : current.context().traceId(),
            current == null ? null : current.context().spanId(), ziptrace, child.context().spanId()));
        return "hopped";
      });
    }
  }
}
