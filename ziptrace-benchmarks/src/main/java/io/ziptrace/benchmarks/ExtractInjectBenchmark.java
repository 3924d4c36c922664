package io.ziptrace.benchmarks;

import brave.Tracing;
import brave.propagation.TraceContext.Extractor;
import brave.propagation.TraceContext.Injector;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.ziptrace.benchmarks.PropagationBenchmark.Sink;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.MapHeaders;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
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
 * A request's context extracted, then injected again as received, with no {@code tracestate} and
 * no baggage: {@code traceparent} (ziptrace and OpenTelemetry's {@code W3CTraceContextPropagator})
 * and B3 multi (ziptrace and Brave). What every traced request pays when it carries nothing but
 * ids; see {@link Carriers} for the request and how each library reads it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExtractInjectBenchmark {
  final Map<String, String> traceparent = Carriers.request("traceparent", Carriers.TRACEPARENT);
  final Map<String, String> b3 = Carriers.b3Request();
  final Sink sink = new Sink();
  final Propagation ziptraceTraceparent = TraceparentPropagation.create();
  final Propagation ziptraceB3 = B3Propagation.multi();
  final TextMapPropagator otel = W3CTraceContextPropagator.getInstance();
  Tracing braveTracing;
  Extractor<Map<String, String>> braveExtractor;
  Injector<Sink> braveInjector;

  /** Builds Brave's B3 propagation and checks that every contender reads the ids. */
  @Setup
  public void setUp() {
    braveTracing = Tracing.newBuilder().build();
    braveExtractor = braveTracing.propagation().extractor(PropagationBenchmark::getIgnoringCase);
    braveInjector = braveTracing.propagation().injector(Carriers.BRAVE_SETTER);
    expect(ziptraceTraceparent.extract(traceparent, MapHeaders.GETTER).context().spanIdString(), "a2fb4a1d1a96d312");
    expect(ziptraceB3.extract(b3, MapHeaders.GETTER).context().spanIdString(), "a2fb4a1d1a96d312");
    expect(io.opentelemetry.api.trace.Span.fromContext(otel.extract(Context.root(), traceparent, Carriers.OTEL_GETTER))
        .getSpanContext().getSpanId(), "a2fb4a1d1a96d312");
    expect(braveExtractor.extract(b3).context().spanIdString(), "a2fb4a1d1a96d312");
  }

  static void expect(Object actual, Object expected) {
    if (!expected.equals(actual)) throw new IllegalStateException("expected " + expected + ", read " + actual);
  }

  /** Closes Brave. */
  @TearDown
  public void tearDown() {
    braveTracing.close();
  }

  /** ziptrace, traceparent. */
  @Benchmark
  public Sink ziptraceTraceparent() {
    return Carriers.ziptrace(ziptraceTraceparent, traceparent, sink);
  }

  /** OpenTelemetry, traceparent. */
  @Benchmark
  public Sink otelTraceparent() {
    return Carriers.otel(otel, traceparent, sink);
  }

  /** ziptrace, B3 multi. */
  @Benchmark
  public Sink ziptraceB3Multi() {
    return Carriers.ziptrace(ziptraceB3, b3, sink);
  }

  /** Brave, B3 multi. */
  @Benchmark
  public Sink braveB3Multi() {
    return Carriers.brave(braveExtractor, braveInjector, b3, sink);
  }
}
