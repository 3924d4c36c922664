package io.ziptrace.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.it.Accounting;
import io.ziptrace.it.Figures;
import io.ziptrace.it.IdCountingCollector;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Many threads create, tag and finish spans on one tracer for {@code -Dziptrace.stress.seconds}
 * (default 60) while the reporter flushes to a collector over HTTP: no span lost, none
 * duplicated, no deadlock. Workers pause while the reporter has a backlog of more than {@link
 * #MAX_BACKLOG} spans, so the load stays within what the collector takes and every span must
 * arrive; the reporter's lock is contended on every span all the same.
 */
class ConcurrencyStressTest {
  static final long SECONDS = Long.getLong("ziptrace.stress.seconds", 60);
  static final long MAX_BACKLOG = 100_000;

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
    try (IdCountingCollector collector = new IdCountingCollector()) {
      AsyncReporter reporter = AsyncReporter.builder(HttpSender.create(collector.spansUrl()))
          .sendInterval(Duration.ofMillis(20)).queuedMaxSpans(1_000_000).queuedMaxBytes(512L << 20)
          .closeTimeout(Duration.ofSeconds(60)).build();
      LongAdder finished = new LongAdder();
      long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
      try (Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("stress")).reporter(reporter).build()) {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          running.add(threads.submit(() -> {
            while (System.nanoTime() < deadline) {
              while (reporter.metrics().queuedSpans() > MAX_BACKLOG) LockSupport.parkNanos(200_000);
              Span parent = tracer.newTrace().name("parent").kind(Kind.SERVER).start();
              Span child = parent.newChild("child").start().tag("thread", Thread.currentThread().getName());
              child.annotate("work");
              child.finish();
              parent.finish();
              parent.finish(); // misuse on purpose: must be ignored
              finished.add(2);
              Thread.yield();
            }
          }));
        }
        for (Future<?> future : running) future.get(SECONDS + 120, TimeUnit.SECONDS);
      } // close() flushes everything

      long total = finished.sum();
      assertThat(reporter.metrics().spansReported()).isEqualTo(total);
      assertThat(reporter.metrics().spansDropped()).isZero();
      Accounting.assertAccounted(reporter.metrics());
      ZipkinServer.await(collector::received, n -> n >= total, "every span");
      assertThat((long) collector.received()).isEqualTo(total);
      assertThat((long) collector.distinct()).isEqualTo(total);
      Figures.print("concurrency, " + workers + " threads", "%d s, %d spans, 0 lost, 0 duplicated, 0 dropped",
          SECONDS, total);
    }
  }
}
