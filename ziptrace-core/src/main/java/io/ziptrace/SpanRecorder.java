package io.ziptrace;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The back end that recording spans write into: the clock that timestamps them, the local
 * endpoint they carry, the reporter that receives them when finished, the exceptions that are
 * not errors, and the count of ignored misuse. The {@link Tracer} builds one and hands it to
 * every span it creates, so a span never calls back into the tracer. Thread-safe.
 */
final class SpanRecorder {
  private final Clock clock;
  private final Endpoint localEndpoint;
  private final Reporter reporter;
  private final List<Class<? extends Throwable>> ignoredExceptions;
  private final LongAdder misuse = new LongAdder();

  SpanRecorder(Clock clock, Endpoint localEndpoint, Reporter reporter, List<Class<? extends Throwable>> ignoredExceptions) {
    this.clock = clock;
    this.localEndpoint = localEndpoint;
    this.reporter = reporter;
    this.ignoredExceptions = List.copyOf(ignoredExceptions);
  }

  Clock clock() {
    return clock;
  }

  Endpoint localEndpoint() {
    return localEndpoint;
  }

  /** Whether {@code error} is of a type the tracer was told not to record. */
  boolean isIgnored(Throwable error) {
    for (int i = 0; i < ignoredExceptions.size(); i++) {
      if (ignoredExceptions.get(i).isInstance(error)) return true;
    }
    return false;
  }

  void countMisuse() {
    misuse.increment();
  }

  long misuseCount() {
    return misuse.sum();
  }

  /** Hands a finished span to the reporter; a reporter that throws is counted, never propagated. */
  void report(FinishedSpan span) {
    try {
      reporter.report(span);
    } catch (RuntimeException e) {
      // A reporter must not throw, but if a custom one does, the application must not see it.
      countMisuse();
    }
  }

  /** Closes the reporter, which flushes the spans already finished; never throws. */
  void close() {
    try {
      reporter.close();
    } catch (RuntimeException e) {
      System.getLogger(Tracer.class.getName()).log(System.Logger.Level.WARNING, "reporter failed to close", e);
    }
  }
}
