package io.ziptrace.benchmarks;

import static io.ziptrace.benchmarks.Fixtures.NAME;
import static io.ziptrace.benchmarks.Fixtures.TAGS;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.ziptrace.Kind;
import io.ziptrace.Reporter;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What ziptrace's Vert.x response timeout adds to a request, against what recording the
 * request's span costs anyway, both on a Vert.x event loop as in a server: a Vert.x timer set for
 * 5 minutes and cancelled (what the timeout does for every request that ends in time), a root
 * SERVER span with a name and 3 tags started and finished into {@link Reporter#NOOP}, and an
 * empty loop whose cost both include. Each invocation runs {@value #CALLS} of them in one task
 * on the event loop and waits for it, so the hand-off to the loop is spread over them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseTimerBenchmark {
  static final int CALLS = 1000;

  Vertx vertx;
  Context eventLoop;
  Tracer tracer;
  long sink;

  /** Starts Vert.x and a tracer that records spans and discards them. */
  @Setup
  public void setUp() {
    vertx = Vertx.vertx();
    eventLoop = vertx.getOrCreateContext();
    tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(Reporter.NOOP).build();
  }

  /** Stops Vert.x. */
  @TearDown
  public void tearDown() {
    vertx.close().await();
  }

  /** The loop alone: what the two others include besides their own work. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public long emptyLoop() {
    return onEventLoop(() -> {
      for (int i = 0; i < CALLS; i++) sink += i;
    });
  }

  /** A timer as the response timeout sets one per request, cancelled as when the request ends in time. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public long timerSetAndCancelled() {
    return onEventLoop(() -> {
      for (int i = 0; i < CALLS; i++) {
        long id = vertx.setTimer(300_000, ignored -> { });
        vertx.cancelTimer(id);
        sink += id;
      }
    });
  }

  /** A request's SERVER span, recorded and discarded: tracing's own cost per request. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public long serverSpanRecorded() {
    return onEventLoop(() -> {
      for (int i = 0; i < CALLS; i++) {
        Span span = tracer.newTrace().kind(Kind.SERVER).name(NAME);
        for (String[] tag : TAGS) span.tag(tag[0], tag[1]);
        span.start().finish();
        sink += span.context().spanId();
      }
    });
  }

  private long onEventLoop(Runnable calls) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    eventLoop.runOnContext(ignored -> {
      calls.run();
      done.complete(null);
    });
    done.join();
    return sink;
  }
}
