package io.ziptrace.it.shutdown;

import io.ziptrace.Span;
import io.ziptrace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Finishes one span, each its own trace, every {@code 1/rate} seconds on a thread of its own,
 * recording the ids of each and the {@link CollectorPhase} when it was reported.
 */
final class SteadySpans implements AutoCloseable {
  /** One span reported: its trace and span ids and the phase then. */
  record Reported(String traceId, String spanId, CollectorPhase phase) {}

  private final Tracer tracer;
  private final Supplier<CollectorPhase> phase;
  private final Queue<Reported> reported = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "steady-spans");
    thread.setDaemon(true);
    return thread;
  });

  private SteadySpans(Tracer tracer, Supplier<CollectorPhase> phase) {
    this.tracer = tracer;
    this.phase = phase;
  }

  /** Starts reporting {@code perSecond} spans a second through {@code tracer}. */
  static SteadySpans start(Tracer tracer, int perSecond, Supplier<CollectorPhase> phase) {
    SteadySpans load = new SteadySpans(tracer, phase);
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    load.timer.scheduleAtFixedRate(load::reportOne, 0, periodNanos, TimeUnit.NANOSECONDS);
    return load;
  }

  /** The spans reported so far. */
  List<Reported> reported() {
    return new ArrayList<>(reported);
  }

  /** Stops reporting and waits, at most 10 s, for a span being reported now. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    if (!timer.awaitTermination(10, TimeUnit.SECONDS)) throw new AssertionError("the load did not stop within 10 s");
  }

  private void reportOne() {
    CollectorPhase now = phase.get();
    Span span = tracer.newTrace().name("steady").start().tag("phase", now.name());
    span.finish();
    reported.add(new Reported(span.context().traceIdString(), span.context().spanIdString(), now));
  }
}
