package io.ziptrace;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The back end that recording spans write into: the clock that timestamps them (whose readings
 * also keep the second of new 128-bit trace ids current), the local endpoint they carry, the
 * reporter that receives them when finished, the exceptions that are not errors, the baggage
 * fields copied into tags, and the count of ignored misuse. The {@link Tracer} builds one and hands it to
 * every span it creates, so a span never calls back into the tracer. Thread-safe.
 */
final class SpanRecorder {
  private final Clock clock;
  private final TraceIdHighs traceIdHighs; // null for 64-bit trace ids
  private final Endpoint localEndpoint;
  private final Reporter reporter;
  private final List<Class<? extends Throwable>> ignoredExceptions;
  private final LongAdder misuse = new LongAdder();
  private final BaggageField[] taggedBaggage;

  SpanRecorder(Clock clock, boolean traceId128Bit, Endpoint localEndpoint, Reporter reporter,
      List<Class<? extends Throwable>> ignoredExceptions, List<BaggageField> baggageFields) {
    this.clock = clock;
    this.traceIdHighs = traceId128Bit ? new TraceIdHighs(clock) : null;
    this.localEndpoint = localEndpoint;
    this.reporter = reporter;
    this.ignoredExceptions = List.copyOf(ignoredExceptions);
    this.taggedBaggage = baggageFields.stream().filter(field -> field.tagKey() != null).toArray(BaggageField[]::new);
  }

  /** Tags {@code span} with the values of the baggage fields declared {@code taggedAs}; called as it finishes. */
  void tagBaggage(SpanFields span, TraceContext context) {
    for (BaggageField field : taggedBaggage) {
      String value = context.baggage(field);
      if (value != null) span.addTag(field.tagKey(), value);
    }
  }

  Clock clock() {
    return clock;
  }

  /** The upper half of a new trace id: 0 unless the tracer makes 128-bit trace ids. */
  long nextTraceIdHigh() {
    return traceIdHighs != null ? traceIdHighs.next() : 0L;
  }

  /** The clock's epoch microseconds for a span starting at {@code nanos}, a {@link System#nanoTime()} reading. */
  long startMicros(long nanos) {
    long micros = clock == Clock.SYSTEM ? MonotonicTime.SYSTEM.micros(nanos) : clock.currentTimeMicros();
    if (traceIdHighs != null) traceIdHighs.observe(micros);
    return micros;
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
