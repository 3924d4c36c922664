package io.ziptrace;

import io.ziptrace.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates spans and sends the finished ones to a {@link Reporter}. One per service, shared by
 * all threads; thread-safe.
 *
 * <p>Context is explicit: every method that continues a trace takes the {@link TraceContext} to
 * continue. Nothing is kept in thread-locals, so tracing stays correct across
 * CompletableFuture chains, executors, virtual threads and event loops.
 *
 * <pre>{@code
 * Tracer tracer = Tracer.builder()
 *     .localEndpoint(Endpoint.builder("checkout").ipv4("10.0.0.7").port(8080).build())
 *     .sampler(Sampler.ratio(0.1))
 *     .reporter(reporter)
 *     .build();
 * }</pre>
 *
 * <p><b>A null parent.</b> A {@code null} where a parent or incoming context is expected is a
 * caller's mistake: it never throws; the work is traced as a new trace, decided by the sampler
 * (as if nothing was propagated), and the mistake is counted in {@link #ignoredMisuseCount()}.
 * That holds for {@link #newChild}, {@link #joinSpan} and {@link #nextSpan}, and for ziptrace's
 * adapters that take a parent or an incoming message ({@code KafkaTracing.nextSpan(record)},
 * {@code VertxTracing.withParent}). Tracing must not break the application over a context lost
 * on the way, and the count makes the loss visible. Methods that document a null parent as
 * "no parent" ({@code HttpClientTracing.start}, {@code TracingProducer.send}) are not misuse.
 */
public final class Tracer implements AutoCloseable {
  private final SpanRecorder recorder;
  private final Sampler sampler;
  private final boolean supportsJoin;
  private final List<BaggageField> baggageFields;

  private Tracer(Builder b) {
    this.baggageFields = List.copyOf(b.baggageFields.values());
    this.recorder = new SpanRecorder(b.clock, b.traceId128Bit, b.localEndpoint, b.reporter, b.ignoredExceptions,
        baggageFields);
    this.sampler = b.sampler;
    this.supportsJoin = b.supportsJoin;
  }

  /** Returns a builder; the defaults sample every trace and discard every span. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a new trace; the sampler decides whether it is recorded. The span is not started yet. */
  public Span newTrace() {
    long traceId = SpanIds.next();
    return newRoot(traceId, sampleSafely(traceId), false, BaggageValues.EMPTY);
  }

  /** Starts a new trace whose sampling decision is forced, whatever the sampler says. */
  public Span newTrace(boolean sampled) {
    return newRoot(SpanIds.next(), sampled, false, BaggageValues.EMPTY);
  }

  /** Starts a new debug trace: sampled, and flagged so the collector keeps it. */
  public Span newDebugTrace() {
    return newRoot(SpanIds.next(), true, true, BaggageValues.EMPTY);
  }

  /**
   * Continues a trace started by a remote caller: the server side of an RPC. The span shares the
   * caller's span id and is marked {@link TraceContext#shared()}; when the tracer is built with
   * {@code supportsJoin(false)} it is a child of the caller's span instead. An undecided
   * sampling flag is decided by this tracer's sampler.
   *
   * <p>A null {@code incoming} is a caller's mistake: the span is the root of a new trace,
   * decided by the sampler, and the mistake is counted in {@link #ignoredMisuseCount()}. Never
   * throws.
   */
  public Span joinSpan(TraceContext incoming) {
    if (incoming == null) {
      recorder.countMisuse();
      return newTrace();
    }
    if (!supportsJoin) return newChild(incoming);
    TraceContext.Builder joined = incoming.toBuilder().shared(true);
    if (incoming.sampled() == null) joined.sampled(sampleSafely(incoming.traceId()));
    return newSpan(joined.build());
  }

  /**
   * Starts a child of {@code parent} (which may come from another thread or process).
   *
   * <p>A null {@code parent} is a caller's mistake: the span is the root of a new trace, decided
   * by the sampler, and the mistake is counted in {@link #ignoredMisuseCount()}. Never throws.
   */
  public Span newChild(TraceContext parent) {
    if (parent == null) {
      recorder.countMisuse();
      return newTrace();
    }
    TraceContext.Builder child = SpanIds.childOf(parent);
    if (parent.sampled() == null) child.sampled(sampleSafely(parent.traceId()));
    return newSpan(child.build());
  }

  /**
   * The span for an incoming request, from whatever its headers said: joins the incoming context;
   * or starts a trace with the incoming sampling-only or debug-only decision; or, when the
   * request carried nothing ({@link IncomingContext#EMPTY}), starts a trace decided by the
   * sampler. Baggage that came without a trace context is kept on the new trace's context.
   *
   * <p>A null {@code extracted} is a caller's mistake (ziptrace's propagations return {@link
   * IncomingContext#EMPTY}, never null, for a request without headers): the span is the root of a new trace, decided by the sampler as for a request
   * that carried nothing, and the mistake is counted in {@link #ignoredMisuseCount()}. Never
   * throws.
   */
  public Span nextSpan(IncomingContext extracted) {
    if (extracted == null) {
      recorder.countMisuse();
      return newTrace();
    }
    if (extracted.context() != null) return joinSpan(extracted.context());
    long traceId = SpanIds.next();
    BaggageValues baggage = extracted.baggageForNewTrace();
    if (extracted.debug()) return newRoot(traceId, true, true, baggage);
    Boolean sampled = extracted.sampled();
    return newRoot(traceId, sampled != null ? sampled : sampleSafely(traceId), false, baggage);
  }

  /**
   * The baggage fields declared on this tracer ({@link Builder#baggageFields}): the ones its
   * adapters read from requests and messages, and, if remote, write on outgoing ones.
   */
  public List<BaggageField> baggageFields() {
    return baggageFields;
  }

  /** The endpoint recorded as the local endpoint of every span. */
  public Endpoint localEndpoint() {
    return recorder.localEndpoint();
  }

  /** The clock that timestamps spans. */
  public Clock clock() {
    return recorder.clock();
  }

  /**
   * How many span operations were ignored as misuse: finishing twice, changing a finished span,
   * {@code null} arguments (a null parent among them), finishing a span that was never started,
   * a sampler or reporter that threw, and what adapters counted with {@link #countMisuse()}.
   */
  public long ignoredMisuseCount() {
    return recorder.misuseCount();
  }

  /**
   * Counts one misuse in {@link #ignoredMisuseCount()}: for an adapter that met a caller's
   * mistake outside this tracer's own methods (such as a null parent given to a framework
   * integration) and carried on instead of throwing, so the mistake is counted with the rest.
   * Never throws.
   */
  public void countMisuse() {
    recorder.countMisuse();
  }

  /** Closes the reporter, which flushes the spans already finished. Idempotent; never throws. */
  @Override
  public void close() {
    recorder.close();
  }

  /**
   * A new trace. Its ids are random, but it does not claim W3C's random-trace-id flag: widely
   * deployed W3C readers (Spring Boot's Brave bridge among them) refuse a {@code traceparent}
   * whose flags are not {@code 00} or {@code 01} and would start a trace of their own.
   */
  private Span newRoot(long traceId, boolean sampled, boolean debug, BaggageValues baggage) {
    long traceIdHigh = recorder.nextTraceIdHigh();
    TraceContext.Builder root = TraceContext.builder().traceId(traceIdHigh, traceId).spanId(traceId)
        .baggageValues(baggage);
    root.sampled(sampled);
    if (debug) root.debug(true);
    return newSpan(root.build());
  }

  private Span newSpan(TraceContext context) {
    return context.isSampled() ? new RecordingSpan(recorder, context) : new NoopSpan(context);
  }

  private boolean sampleSafely(long traceId) {
    try {
      return sampler.isSampled(traceId);
    } catch (RuntimeException e) {
      recorder.countMisuse();
      return false;
    }
  }

  /** Configures a {@link Tracer}. Not thread-safe. */
  public static final class Builder {
    private Endpoint localEndpoint = Endpoint.of("unknown");
    private Sampler sampler = Sampler.ALWAYS;
    private Reporter reporter = Reporter.NOOP;
    private Clock clock = Clock.SYSTEM;
    private boolean traceId128Bit;
    private boolean supportsJoin = true;
    private final List<Class<? extends Throwable>> ignoredExceptions = new ArrayList<>();
    private final java.util.Map<String, BaggageField> baggageFields = new java.util.LinkedHashMap<>();

    private Builder() {}

    /**
     * The service recording spans; it must have a service name, which Zipkin lists and searches
     * spans by. Default, when this is not called: service name {@code unknown}.
     *
     * @throws IllegalArgumentException when the endpoint has no service name (null, empty or
     *     blank): spans without one would not appear under any service in Zipkin
     */
    public Builder localEndpoint(Endpoint localEndpoint) {
      Objects.requireNonNull(localEndpoint, "localEndpoint");
      String serviceName = localEndpoint.serviceName();
      if (serviceName == null || serviceName.isBlank()) {
        throw new IllegalArgumentException("the local endpoint has no service name: give one, e.g. Endpoint.of(\"checkout\");"
            + " Zipkin lists spans by service, so spans without one would not show under any service");
      }
      this.localEndpoint = localEndpoint;
      return this;
    }

    /** Decides which new traces are recorded. Default: {@link Sampler#ALWAYS}. */
    public Builder sampler(Sampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /** Receives finished spans. Default: {@link Reporter#NOOP}. Closed by {@link Tracer#close()}. */
    public Builder reporter(Reporter reporter) {
      this.reporter = Objects.requireNonNull(reporter, "reporter");
      return this;
    }

    /** The source of timestamps. Default: {@link Clock#SYSTEM}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether new traces get 128-bit ids whose high 32 bits are the epoch second (needed by
     * Google Cloud Trace; friendly to AWS X-Ray). Unsampled traces take a cached second, re-read
     * from the {@link #clock} for a random one in 64 of them, so it lags by the time 64 unsampled
     * traces take to start, on average. Default: false (64-bit).
     */
    public Builder traceId128Bit(boolean traceId128Bit) {
      this.traceId128Bit = traceId128Bit;
      return this;
    }

    /**
     * Whether a server span shares the caller's span id ({@link Tracer#joinSpan}). Set false for
     * collectors that do not support shared ids (Google Cloud Trace): servers then start a child.
     * Default: true.
     */
    public Builder supportsJoin(boolean supportsJoin) {
      this.supportsJoin = supportsJoin;
      return this;
    }

    /**
     * Exception types that {@link Span#error(Throwable)} does not record, with their subtypes
     * (e.g. an expected cancellation).
     */
    @SafeVarargs
    public final Builder ignoredExceptions(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> type : types) ignoredExceptions.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Declares baggage fields: the only ones the tracer's adapters read from incoming requests and
     * messages (other keys are dropped, never passed on) and, for remote fields, write on outgoing
     * ones. Declaring the same field again changes nothing. Default: none, and then nothing costs
     * anything.
     *
     * @throws IllegalArgumentException when a name is declared twice in different ways (remote
     *     and local, other headers or tag), or two fields would share a header of their own: one
     *     of them would silently stop travelling
     */
    public Builder baggageFields(BaggageField... fields) {
      for (BaggageField field : fields) {
        Objects.requireNonNull(field, "field");
        BaggageField earlier = baggageFields.get(field.name());
        if (earlier != null && !earlier.sameDeclarationAs(field)) {
          throw new IllegalArgumentException("baggage field " + field.name() + " declared twice, differently: " + earlier
              + " and " + field);
        }
        for (BaggageField other : baggageFields.values()) {
          for (String header : field.headerNames()) {
            if (!other.name().equals(field.name()) && other.headerNames().contains(header)) {
              throw new IllegalArgumentException("baggage fields " + other.name() + " and " + field.name()
                  + " both use the header " + header + ": a header carries one field's value");
            }
          }
        }
        baggageFields.put(field.name(), field);
      }
      return this;
    }

    /** Returns the tracer. */
    public Tracer build() {
      return new Tracer(this);
    }
  }
}
