package io.ziptrace;

/**
 * The span of a sampled trace. Its state is guarded by {@code this}, so it may be tagged and
 * finished from different threads. On finish its storage is handed to an immutable {@link
 * FinishedSpan} without copying.
 */
final class RecordingSpan extends SpanFields implements Span {
  private final SpanRecorder recorder;
  private final TraceContext context;
  private String name;
  private Kind kind;
  private Endpoint remoteEndpoint;
  private long startMicros;
  private long startNanos;
  private boolean startedWithClock;
  private boolean done;

  RecordingSpan(SpanRecorder recorder, TraceContext context) {
    this.recorder = recorder;
    this.context = context;
  }

  @Override
  public TraceContext context() {
    return context;
  }

  @Override
  public boolean isNoop() {
    return false;
  }

  @Override
  public synchronized Span name(String name) {
    if (done || name == null) return misuse();
    this.name = SpanFields.truncate(name);
    return this;
  }

  @Override
  public synchronized Span kind(Kind kind) {
    if (done || kind == null) return misuse();
    this.kind = kind;
    return this;
  }

  @Override
  public synchronized Span tag(String key, String value) {
    if (done || !addTag(key, value)) return misuse();
    return this;
  }

  @Override
  public Span annotate(String value) {
    // On the system clock, an annotation takes its time from the span's timeline, so it falls
    // inside the span's interval (and costs a monotonic clock read only).
    long micros = recorder.clock() == Clock.SYSTEM
        ? MonotonicTime.SYSTEM.micros(System.nanoTime())
        : recorder.clock().currentTimeMicros();
    return annotate(micros, value);
  }

  @Override
  public synchronized Span annotate(long epochMicros, String value) {
    if (done || !addAnnotation(epochMicros, value)) return misuse();
    return this;
  }

  @Override
  public synchronized Span remoteEndpoint(Endpoint endpoint) {
    if (done || endpoint == null) return misuse();
    this.remoteEndpoint = endpoint;
    return this;
  }

  @Override
  public Span error(Throwable error) {
    if (error == null) return misuse();
    Throwable cause = SpanErrors.unwrap(error); // what a future's whenComplete hands over is often wrapped
    if (recorder.isIgnored(cause)) return this;
    return tag(Tags.ERROR, SpanErrors.errorTagValue(cause));
  }

  @Override
  public synchronized Span start() {
    if (done || startMicros != 0L) return misuse();
    startNanos = System.nanoTime();
    startMicros = recorder.startMicros(startNanos);
    startedWithClock = true;
    return this;
  }

  @Override
  public synchronized Span start(long epochMicros) {
    if (done || startMicros != 0L || epochMicros <= 0L) return misuse();
    startMicros = epochMicros;
    return this;
  }

  @Override
  public void finish() {
    finish(0L, true);
  }

  @Override
  public void finish(long epochMicros) {
    finish(epochMicros, false);
  }

  /** Finishes at {@code epochMicros}, or when {@code now}, at the clock's current time. One lock for both. */
  private void finish(long epochMicros, boolean now) {
    FinishedSpan finished;
    synchronized (this) {
      if (done) {
        misuse();
        return;
      }
      if (!now && epochMicros <= 0L) {
        recorder.countMisuse(); // not a time: finish now rather than record a nonsense duration
        now = true;
      }
      if (now) epochMicros = nowMicros();
      done = true;
      long timestamp = startMicros;
      long duration;
      if (timestamp == 0L) {
        recorder.countMisuse(); // finished without being started: record the instant, no duration
        timestamp = epochMicros;
        duration = 0L;
      } else {
        duration = Math.max(1L, epochMicros - timestamp);
      }
      recorder.tagBaggage(this, context);
      finished = new FinishedSpan(context, name, kind, timestamp, duration, recorder.localEndpoint(), remoteEndpoint, this);
      releaseFields();
    }
    recorder.report(finished);
  }

  /** The clock's time now; called with the lock held. */
  private long nowMicros() {
    if (startedWithClock && recorder.clock() == Clock.SYSTEM) {
      // The monotonic clock gives an exact duration even if wall time jumps meanwhile.
      return startMicros + Math.max(1L, (System.nanoTime() - startNanos + 500L) / 1000L);
    }
    return recorder.clock().currentTimeMicros();
  }

  @Override
  public synchronized void abandon() {
    if (done) {
      misuse();
      return;
    }
    done = true;
    releaseFields();
  }

  @Override
  public Span newChild(String name) {
    return new RecordingSpan(recorder, SpanIds.childOf(context).build()).name(name);
  }

  private Span misuse() {
    recorder.countMisuse();
    return this;
  }

  @Override
  public String toString() {
    return "RecordingSpan{" + context + ", name=" + name + "}";
  }
}
