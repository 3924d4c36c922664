package io.ziptrace.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.it.Accounting;
import io.ziptrace.it.FaultyCollector;
import io.ziptrace.it.Figures;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.HttpSender;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads create, tag and finish spans on one tracer while the reporter flushes to a
 * collector over HTTP: no span lost, none duplicated, no deadlock. Runs for
 * {@code -Dziptrace.stress.seconds} (default 10) or until {@link #MAX_SPANS} spans, whichever
 * comes first, so the collector can take every one of them.
 */
class ConcurrencyStressTest {
  static final long SECONDS = Long.getLong("ziptrace.stress.seconds", 10);
  static final long MAX_SPANS = 200_000;

  @Test
  void sixteenPlatformThreads() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      stress(threads, 16);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void tenThousandVirtualThreads() throws Exception {
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      assumeTrue(false, "virtual threads need JDK 21 or newer");
      return;
    }
    ExecutorService threads = (ExecutorService) factory.invoke(null);
    try {
      stress(threads, 10_000);
    } finally {
      threads.shutdownNow();
    }
  }

  private static void stress(ExecutorService threads, int workers) throws Exception {
    try (FaultyCollector collector = new FaultyCollector()) {
      AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(collector.spansUrl()))
          .sendInterval(Duration.ofMillis(20)).queuedMaxSpans(1_000_000).queuedMaxBytes(512L << 20)
          .closeTimeout(Duration.ofSeconds(60)).build();
      AtomicLong finished = new AtomicLong();
      long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
      try (Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("stress")).reporter(reporter).build()) {
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int w = 0; w < workers; w++) {
          running.add(threads.submit(() -> {
            while (System.nanoTime() < deadline && finished.get() < MAX_SPANS) {
              Span parent = tracer.newTrace().name("parent").kind(Kind.SERVER).start();
              Span child = parent.newChild("child").start().tag("thread", Thread.currentThread().getName());
              child.annotate("work");
              child.finish();
              parent.finish();
              parent.finish(); // misuse on purpose: must be ignored
              finished.addAndGet(2);
              Thread.yield();
            }
          }));
        }
        for (Future<?> future : running) future.get(SECONDS + 120, java.util.concurrent.TimeUnit.SECONDS);
      } // close() flushes everything

      assertThat(reporter.metrics().spansReported()).isEqualTo(finished.get());
      assertThat(reporter.metrics().spansDropped()).isZero();
      Accounting.assertAccounted(reporter.metrics());
      List<zipkin2.Span> received = ZipkinServer.await(collector::accepted, r -> r.size() >= finished.get(), "every span");
      Set<String> unique = new HashSet<>();
      for (zipkin2.Span span : received) unique.add(span.traceId() + span.id());
      assertThat(received).hasSize((int) finished.get());
      assertThat(unique).hasSize((int) finished.get());
      Figures.print("concurrency, " + workers + " threads", "%d spans, 0 lost, 0 duplicated, 0 dropped", finished.get());
    }
  }
}
