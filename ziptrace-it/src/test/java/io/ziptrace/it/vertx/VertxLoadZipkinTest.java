package io.ziptrace.it.vertx;

import static io.ziptrace.it.vertx.VertxApps.await;
import static io.ziptrace.it.vertx.VertxApps.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.Figures;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.Span.Kind;

/**
 * Many concurrent requests through one event loop, each continuing its own trace: every trace
 * reaches Zipkin whole, with nothing of another request in it.
 */
class VertxLoadZipkinTest {
  static final int REQUESTS = 10_000;
  static final int IN_FLIGHT = 200;
  static final int SPANS_PER_TRACE = 5; // front SERVER, CLIENT, back SERVER, PRODUCER, CONSUMER
  static final String ADDRESS = "it.load.lookup";

  final ZipkinServer zipkin = ZipkinServer.shared();

  @Test
  void tenThousandConcurrentTracesReachZipkinWholeAndSeparate() throws Exception {
    List<IncomingB3> incoming = IncomingB3.distinct(REQUESTS, new Random());
    AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(zipkin.spansUrl()))
        .closeTimeout(Duration.ofSeconds(30)).build();
    Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-load")).reporter(reporter).build();
    Vertx traced = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1))
        .withTracer(VertxTracing.create(tracer)).build();
    Vertx untraced = Vertx.vertx();
    long started = System.nanoTime();
    try {
      int frontPort = startServices(traced);
      WebClient driver = WebClient.create(untraced, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));

      List<String> failures = BoundedLoad.run(REQUESTS, IN_FLIGHT, 120, i -> incoming.get(i)
          .on(driver.get(frontPort, "127.0.0.1", "/front")).send()
          .compose(response -> response.statusCode() == 200 ? Future.succeededFuture()
              : Future.failedFuture("status " + response.statusCode() + ": " + response.bodyAsString())));
      assertThat(failures).isEmpty();
      // The front SERVER span ends as its response leaves, so the last few may still be finishing.
      ZipkinServer.await(() -> reporter.metrics().spansReported(), n -> n >= (long) REQUESTS * SPANS_PER_TRACE, "every span reported");
      reporter.flush();
    } finally {
      await(traced.close());
      await(untraced.close());
      tracer.close();
    }
    long served = System.nanoTime() - started;

    assertThat(reporter.metrics().spansReported()).isEqualTo((long) REQUESTS * SPANS_PER_TRACE);
    assertThat(reporter.metrics().spansDropped()).isZero();
    assertThat(reporter.metrics().spansSent()).isEqualTo((long) REQUESTS * SPANS_PER_TRACE);
    Map<String, List<Span>> traces = zipkin.awaitTraces(incoming.stream().map(IncomingB3::traceId).toList(), SPANS_PER_TRACE);
    List<String> problems = incoming.stream().map(b3 -> problem(b3, traces.getOrDefault(b3.traceId(), List.of())))
        .filter(Objects::nonNull).collect(Collectors.toList());
    assertThat(problems).as("traces lost or mixed up (%d)", problems.size()).isEmpty();
    Figures.print("vertx load", "%d requests, %d in flight, one event loop: %.1f s served and reported, %.1f s in all; "
        + "%d spans sent, 0 dropped, 0 traces lost or mixed", REQUESTS, IN_FLIGHT, served / 1e9,
        (System.nanoTime() - started) / 1e9, reporter.metrics().spansSent());
  }

  /**
   * Front: calls the back server, then asks the event-bus consumer, then answers. All on one
   * Vert.x instance, so all share its single event loop.
   */
  static int startServices(Vertx vertx) throws Exception {
    vertx.eventBus().<String>consumer(ADDRESS, message -> message.reply("found " + message.body()));
    int backPort = listen(vertx, request -> request.response().end("back"));
    WebClient client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(50));
    return listen(vertx, request -> client.get(backPort, "127.0.0.1", "/back").send()
        .compose(back -> vertx.eventBus().request(ADDRESS, back.bodyAsString()))
        .onSuccess(reply -> request.response().end("front"))
        .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e))));
  }

  /** What is wrong with the trace of a request that came in with {@code b3}, or null. */
  static String problem(IncomingB3 b3, List<Span> trace) {
    List<String> wrong = new ArrayList<>();
    if (trace.size() != SPANS_PER_TRACE) wrong.add(trace.size() + " spans");
    if (!trace.stream().allMatch(s -> s.traceId().equals(b3.traceId()))) wrong.add("a span of another trace");
    Span front = only(trace, Kind.SERVER, s -> b3.spanId().equals(s.id()), wrong, "front SERVER joining the caller");
    Span client = only(trace, Kind.CLIENT, s -> b3.spanId().equals(s.parentId()), wrong, "CLIENT child of the front");
    Span producer = only(trace, Kind.PRODUCER, s -> b3.spanId().equals(s.parentId()), wrong, "PRODUCER child of the front");
    if (front != null && front.parentId() != null) wrong.add("front SERVER has a parent");
    if (client != null) only(trace, Kind.SERVER, s -> client.id().equals(s.id()), wrong, "back SERVER joining the CLIENT");
    if (producer != null) only(trace, Kind.CONSUMER, s -> producer.id().equals(s.parentId()), wrong, "CONSUMER child of the PRODUCER");
    return wrong.isEmpty() ? null : b3.traceId() + ": " + wrong + " in " + trace;
  }

  private static Span only(List<Span> trace, Kind kind, Predicate<Span> test, List<String> wrong, String what) {
    List<Span> matching = trace.stream().filter(s -> s.kind() == kind && test.test(s)).toList();
    if (matching.size() == 1) return matching.get(0);
    wrong.add(matching.size() + " × " + what);
    return null;
  }
}
