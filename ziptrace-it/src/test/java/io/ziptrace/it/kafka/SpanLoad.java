package io.ziptrace.it.kafka;

import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Traces reported from a few threads, until stopped or until each thread made its share: each
 * trace a SERVER root in the first service and children spread over all the services (each
 * child's service joins the root's trace as its own tracer). Paced traces are spread evenly over
 * time; unpaced ones come as fast as the tracers take them. Anything a reporting thread catches
 * is kept: the tracers must never throw into the application.
 */
final class SpanLoad {
  private final List<Tracer> services;
  private final int spansPerTrace;
  private final long nanosPerTrace;
  private final long tracesPerThread;
  private final AtomicLong traces = new AtomicLong();
  private final ConcurrentLinkedQueue<Throwable> escaped = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  /**
   * @param tracesPerSecondPerThread 0 for as fast as possible
   * @param tracesPerThread when each thread stops by itself; {@link Long#MAX_VALUE} for never
   */
  SpanLoad(List<Tracer> services, int spansPerTrace, int tracesPerSecondPerThread, long tracesPerThread) {
    this.services = services;
    this.spansPerTrace = spansPerTrace;
    this.nanosPerTrace = tracesPerSecondPerThread == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / tracesPerSecondPerThread;
    this.tracesPerThread = tracesPerThread;
  }

  /** Starts {@code threadCount} reporting threads. */
  SpanLoad start(int threadCount) {
    for (int t = 0; t < threadCount; t++) {
      Thread thread = new Thread(this::run, "span-load-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  /** Stops the threads after their current trace and waits for them. */
  void stop() throws InterruptedException {
    stopped = true;
    await();
  }

  /** Waits, at most 60 s, until the threads made their share of traces. */
  void await() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) throw new AssertionError(thread.getName() + " still reports after 60 s");
    }
  }

  long traces() {
    return traces.get();
  }

  long spans() {
    return traces.get() * spansPerTrace;
  }

  /** What reached the reporting threads from the tracers; should be nothing. */
  List<Throwable> escaped() {
    return new ArrayList<>(escaped);
  }

  private void run() {
    long next = System.nanoTime();
    for (long made = 0; made < tracesPerThread && !stopped; made++) {
      try {
        trace(made);
      } catch (Throwable e) {
        escaped.add(e);
      }
      traces.incrementAndGet();
      if (nanosPerTrace > 0) {
        next += nanosPerTrace;
        LockSupport.parkNanos(next - System.nanoTime()); // the pace of the load, not a wait for a condition
      }
    }
  }

  private void trace(long n) {
    Span root = services.get(0).newTrace().name("load root").kind(Kind.SERVER).start().tag("trace.n", Long.toString(n));
    for (int i = 1; i < spansPerTrace; i++) {
      Tracer service = services.get(i % services.size());
      service.newChild(root.context()).name("load child " + i).kind(i % 2 == 0 ? Kind.CLIENT : Kind.SERVER).start()
          .tag("child.i", Integer.toString(i)).finish();
    }
    root.finish();
  }
}
