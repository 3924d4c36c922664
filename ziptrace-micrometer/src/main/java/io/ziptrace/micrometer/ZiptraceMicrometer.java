package io.ziptrace.micrometer;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.SpanCustomizer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.propagation.Propagator;
import io.ziptrace.Reporter;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.Propagation;
import java.util.List;
import java.util.Objects;

/**
 * Micrometer Tracing over ziptrace: a Micrometer {@link Tracer} and {@link Propagator} whose spans
 * are ziptrace spans, for code instrumented with Micrometer Observation or Micrometer Tracing.
 *
 * <pre>{@code
 * ZiptraceMicrometer bridge = ZiptraceMicrometer.builder(Tracer.builder().localEndpoint(Endpoint.of("shop")))
 *     .reporter(asyncReporter)
 *     .build();
 * observationRegistry.observationConfig().observationHandler(new DefaultTracingObservationHandler(bridge.tracer()));
 * }</pre>
 *
 * <p>The current span lives in a thread local of this instance (ziptrace itself passes contexts
 * explicitly): use one instance per application. {@link #close()} closes the span reporters.
 */
public final class ZiptraceMicrometer implements AutoCloseable {
  private final io.ziptrace.Tracer ziptraceTracer;
  private final ZiptraceTracer tracer;
  private final ZiptracePropagator propagator;
  private final ExportingReporter exporting;
  private final SpanCustomizer spanCustomizer;
  private final ZiptraceCurrentTraceContext current;

  private ZiptraceMicrometer(Builder b) {
    exporting = new ExportingReporter(b.exportingPredicates, b.spanFilters, b.spanReporters, b.reporter);
    ziptraceTracer = b.tracerBuilder.reporter(exporting).build();
    current = new ZiptraceCurrentTraceContext(b.scopeDecorators);
    ZiptraceBaggageManager baggage = new ZiptraceBaggageManager(current, ziptraceTracer.baggageFields(), b.tagFields);
    tracer = new ZiptraceTracer(ziptraceTracer, current, baggage);
    propagator = new ZiptracePropagator(tracer, BaggagePropagation.wrap(b.propagation, ziptraceTracer.baggageFields()));
    spanCustomizer = new CurrentSpanCustomizer(tracer);
  }

  /**
   * Starts a bridge over the ziptrace tracer that {@code tracerBuilder} builds. The bridge sets
   * the builder's reporter (see {@link Builder#reporter}); everything else (sampler, local
   * endpoint, baggage fields, joining) is the builder's. Micrometer's Brave bridge never joins an
   * incoming span; build with {@code supportsJoin(false)} for the same ids.
   */
  public static Builder builder(io.ziptrace.Tracer.Builder tracerBuilder) {
    return new Builder(tracerBuilder);
  }

  /** Micrometer's tracer; it is also the baggage manager. */
  public Tracer tracer() {
    return tracer;
  }

  /** Injects and extracts trace context and remote baggage with the configured propagation. */
  public Propagator propagator() {
    return propagator;
  }

  /**
   * The ziptrace tracer built; its reporter applies the exporting predicates, span filters and
   * span reporters before the reporter given to {@link Builder#reporter}. Spans started on it
   * directly are not current for Micrometer.
   */
  public io.ziptrace.Tracer ziptraceTracer() {
    return ziptraceTracer;
  }

  /** The context current on each thread, as Micrometer sees it. */
  public CurrentTraceContext currentTraceContext() {
    return tracer.currentTraceContext();
  }

  /**
   * The ziptrace context of the span current on this thread (Micrometer's current span, e.g. the
   * one an observed request handler runs in), or null when none is: to continue the trace with
   * ziptrace's explicit API, e.g. {@code ziptraceTracer().newChild(bridge.currentContext())}, or
   * to hand it to a ziptrace adapter.
   */
  public io.ziptrace.TraceContext currentContext() {
    ZiptraceTraceContext context = current.context();
    return context == null ? null : context.delegate;
  }

  /** Customizes whichever span is current at each call; nothing when none is. */
  public SpanCustomizer spanCustomizer() {
    return spanCustomizer;
  }

  /**
   * Closes the span reporters. Does not close the ziptrace reporter nor the ziptrace tracer: close
   * those where they were made. Idempotent; never throws.
   */
  @Override
  public void close() {
    exporting.closeSpanReporters();
  }

  @Override
  public String toString() {
    return "ZiptraceMicrometer{" + ziptraceTracer + ", " + propagator + "}";
  }

  /** Configures a {@link ZiptraceMicrometer}. Not thread-safe. */
  public static final class Builder {
    private final io.ziptrace.Tracer.Builder tracerBuilder;
    private Reporter reporter = Reporter.NOOP;
    private Propagation propagation = B3Propagation.multi();
    private List<SpanFilter> spanFilters = List.of();
    private List<SpanExportingPredicate> exportingPredicates = List.of();
    private List<SpanReporter> spanReporters = List.of();
    private List<ScopeDecorator> scopeDecorators = List.of();
    private List<String> tagFields = List.of();

    private Builder(io.ziptrace.Tracer.Builder tracerBuilder) {
      this.tracerBuilder = Objects.requireNonNull(tracerBuilder, "tracerBuilder");
    }

    /**
     * Where finished spans go after the span filters and reporters, e.g. an {@code AsyncReporter}
     * to Zipkin. It replaces any reporter set on the ziptrace tracer builder, which the bridge
     * must wrap. Default: {@link Reporter#NOOP}.
     */
    public Builder reporter(Reporter reporter) {
      this.reporter = Objects.requireNonNull(reporter, "reporter");
      return this;
    }

    /**
     * The trace-context format of {@link ZiptraceMicrometer#propagator()}; the tracer's remote
     * baggage fields are added to it ({@link BaggagePropagation#wrap}). Default: {@link
     * B3Propagation#multi()}.
     */
    public Builder propagation(Propagation propagation) {
      this.propagation = Objects.requireNonNull(propagation, "propagation");
      return this;
    }

    /** Edit finished spans, in order, before they are reported. Default: none. */
    public Builder spanFilters(List<SpanFilter> spanFilters) {
      this.spanFilters = List.copyOf(spanFilters);
      return this;
    }

    /** Decide which finished spans are reported at all; any false drops a span. Default: none. */
    public Builder exportingPredicates(List<SpanExportingPredicate> exportingPredicates) {
      this.exportingPredicates = List.copyOf(exportingPredicates);
      return this;
    }

    /** Receive the finished spans that are exported, after the filters. Default: none. */
    public Builder spanReporters(List<SpanReporter> spanReporters) {
      this.spanReporters = List.copyOf(spanReporters);
      return this;
    }

    /** Run, in order, whenever the current context changes, e.g. {@link MdcScopeDecorator}. */
    public Builder scopeDecorators(List<ScopeDecorator> scopeDecorators) {
      this.scopeDecorators = List.copyOf(scopeDecorators);
      return this;
    }

    /**
     * Baggage fields whose values are also tagged on the current span when set through
     * Micrometer's baggage API, with the field name as the tag key. Default: none.
     */
    public Builder tagFields(List<String> tagFields) {
      this.tagFields = List.copyOf(tagFields);
      return this;
    }

    /** Builds the ziptrace tracer and the bridge over it. */
    public ZiptraceMicrometer build() {
      return new ZiptraceMicrometer(this);
    }
  }
}
