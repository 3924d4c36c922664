package io.ziptrace.benchmarks;

import brave.Tracing;
import brave.baggage.BaggagePropagation;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.CompositeSpanHandler;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.ziptrace.Endpoint;
import io.ziptrace.micrometer.MdcScopeDecorator;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import io.ziptrace.propagation.TraceparentPropagation;
import io.ziptrace.sampling.Sampler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One HTTP server request as Spring observes it, through Micrometer Tracing: a receiver
 * observation of a request without tracing headers, started, its scope opened and closed, tagged
 * with the key values Spring's server convention gives (low cardinality: exception, method,
 * outcome, status, uri; high: http.url) and stopped. The tracing handlers are the ones Spring Boot
 * registers, over ziptrace's bridge ({@link ZiptraceMicrometer}) or Brave's ({@link BraveTracer}),
 * each set up as Spring Boot sets it up by default: 128-bit trace ids, no joined spans, W3C
 * propagation, trace and span ids in the SLF4J MDC. Finished spans are handed to a reporter that
 * discards them, so this is the request thread's part: reporting is measured by {@link
 * RequestPathCost} and {@link CpuPerSpan}. Sampled and unsampled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationBenchmark {
  private static final Map<String, String> HEADERS =
      Map.of("host", "127.0.0.1:8080", "user-agent", "Java-http-client/17", "accept", "*/*");

  ZiptraceMicrometer ziptrace;
  ZiptraceMicrometer ziptraceUnsampled;
  Tracing braveTracing;
  Tracing braveTracingUnsampled;
  ObservationRegistry ziptraceRegistry;
  ObservationRegistry ziptraceUnsampledRegistry;
  ObservationRegistry braveRegistry;
  ObservationRegistry braveUnsampledRegistry;

  /** Builds the tracers and an observation registry over each. */
  @Setup
  public void setUp() {
    ziptrace = newZiptrace(Sampler.ALWAYS);
    ziptraceUnsampled = newZiptrace(Sampler.NEVER);
    braveTracing = newBrave(brave.sampler.Sampler.ALWAYS_SAMPLE);
    braveTracingUnsampled = newBrave(brave.sampler.Sampler.NEVER_SAMPLE);
    ziptraceRegistry = registry(ziptrace.tracer(), ziptrace.propagator());
    ziptraceUnsampledRegistry = registry(ziptraceUnsampled.tracer(), ziptraceUnsampled.propagator());
    braveRegistry = registry(braveBridge(braveTracing), new BravePropagator(braveTracing));
    braveUnsampledRegistry = registry(braveBridge(braveTracingUnsampled), new BravePropagator(braveTracingUnsampled));
  }

  private static ZiptraceMicrometer newZiptrace(Sampler sampler) {
    return ZiptraceMicrometer.builder(io.ziptrace.Tracer.builder().localEndpoint(Endpoint.of("users"))
            .traceId128Bit(true).supportsJoin(false).sampler(sampler))
        .reporter(span -> {})
        .propagation(TraceparentPropagation.create())
        .scopeDecorators(List.of(MdcScopeDecorator.builder().build()))
        .build();
  }

  private static Tracing newBrave(brave.sampler.Sampler sampler) {
    return Tracing.newBuilder()
        .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder()
            .addScopeDecorator(MDCScopeDecorator.newBuilder().build()).build())
        .traceId128Bit(true)
        .supportsJoin(false)
        .propagationFactory(BaggagePropagation.newFactoryBuilder(
            new W3CPropagation(new BraveBaggageManager(), List.of())).build())
        .sampler(sampler)
        .localServiceName("users")
        .addSpanHandler(new CompositeSpanHandler(List.of(), List.of(), List.of()))
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(brave.propagation.TraceContext context, MutableSpan span, Cause cause) {
            return true;
          }
        })
        .build();
  }

  private static Tracer braveBridge(Tracing tracing) {
    return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
        new BraveBaggageManager());
  }

  private static ObservationRegistry registry(Tracer tracer, Propagator propagator) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
        new DefaultTracingObservationHandler(tracer)));
    return registry;
  }

  /** Closes the tracers. */
  @TearDown
  public void tearDown() {
    ziptrace.close();
    ziptraceUnsampled.close();
    braveTracing.close();
    braveTracingUnsampled.close();
  }

  /** ziptrace's bridge, sampled. */
  @Benchmark
  public Observation ziptraceSampled() {
    return observeRequest(ziptraceRegistry);
  }

  /** ziptrace's bridge, unsampled. */
  @Benchmark
  public Observation ziptraceUnsampled() {
    return observeRequest(ziptraceUnsampledRegistry);
  }

  /** Brave's bridge, sampled. */
  @Benchmark
  public Observation braveSampled() {
    return observeRequest(braveRegistry);
  }

  /** Brave's bridge, unsampled. */
  @Benchmark
  public Observation braveUnsampled() {
    return observeRequest(braveUnsampledRegistry);
  }

  private static Observation observeRequest(ObservationRegistry registry) {
    ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get, Kind.SERVER);
    context.setCarrier(HEADERS);
    Observation observation = Observation.createNotStarted("http.server.requests", () -> context, registry)
        .contextualName("http get /users/{id}")
        .start();
    try (Observation.Scope scope = observation.openScope()) {
      observation.lowCardinalityKeyValue("exception", "none")
          .lowCardinalityKeyValue("method", "GET")
          .lowCardinalityKeyValue("outcome", "SUCCESS")
          .lowCardinalityKeyValue("status", "200")
          .lowCardinalityKeyValue("uri", "/users/{id}")
          .highCardinalityKeyValue("http.url", "/users/42");
    }
    observation.stop();
    return observation;
  }
}
