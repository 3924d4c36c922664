package io.ziptrace.benchmarks;

import brave.Tracing;
import brave.baggage.BaggagePropagationConfig.SingleBaggageField;
import brave.propagation.TraceContext.Extractor;
import brave.propagation.TraceContext.Injector;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.ziptrace.BaggageField;
import io.ziptrace.TraceContext;
import io.ziptrace.benchmarks.PropagationBenchmark.Sink;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.MapHeaders;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * A request's context and baggage extracted, then injected again as received:
 *
 * <ul>
 *   <li>{@code traceparent} with a {@code tracestate} of 3 members and a {@code baggage} header of
 *       3 members, each a declared field: ziptrace ({@code TraceparentPropagation} wrapped by
 *       {@code BaggagePropagation} with 3 remote fields) and OpenTelemetry ({@code
 *       W3CTraceContextPropagator} and {@code W3CBaggagePropagator}, composite), each writing
 *       {@code traceparent}, {@code tracestate} and {@code baggage};
 *   <li>B3 multi with 3 baggage fields each in a header of its own ({@code baggage-user-id}...):
 *       ziptrace (fields declared {@code withHeader}) and Brave ({@code BaggagePropagation} with
 *       3 remote {@code SingleBaggageField}s). Both write the 4 B3 headers and the 3 field
 *       headers (with B3 alone, ziptrace does not repeat them in the W3C {@code baggage} header).
 * </ul>
 *
 * See {@link Carriers} for the request and how each library reads it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BaggageBenchmark {
  static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,vendor3=e2e6a6c8f3";
  static final String BAGGAGE = "user_id=alice,tenant=acme,region=eu-west-1";
  static final String[] NAMES = {"user_id", "tenant", "region"};
  static final String[] VALUES = {"alice", "acme", "eu-west-1"};

  final Map<String, String> w3c = Carriers.request("traceparent", Carriers.TRACEPARENT, "tracestate", TRACESTATE, "baggage", BAGGAGE);
  final Map<String, String> b3 = Carriers.b3Request("baggage-user-id", VALUES[0], "baggage-tenant", VALUES[1], "baggage-region",
      VALUES[2]);
  final Sink sink = new Sink();
  final List<BaggageField> w3cFields = List.of(BaggageField.remote(NAMES[0]), BaggageField.remote(NAMES[1]),
      BaggageField.remote(NAMES[2]));
  final List<BaggageField> b3Fields = List.of(BaggageField.remote(NAMES[0]).withHeader("baggage-user-id"),
      BaggageField.remote(NAMES[1]).withHeader("baggage-tenant"), BaggageField.remote(NAMES[2]).withHeader("baggage-region"));
  final Propagation ziptraceW3c = BaggagePropagation.wrap(TraceparentPropagation.create(), w3cFields);
  final Propagation ziptraceB3 = BaggagePropagation.wrap(B3Propagation.multi(), b3Fields);
  final TextMapPropagator otel = TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
      W3CBaggagePropagator.getInstance());
  final List<brave.baggage.BaggageField> braveFields = List.of(brave.baggage.BaggageField.create(NAMES[0]),
      brave.baggage.BaggageField.create(NAMES[1]), brave.baggage.BaggageField.create(NAMES[2]));
  Tracing braveTracing;
  Extractor<Map<String, String>> braveExtractor;
  Injector<Sink> braveInjector;

  /** Builds Brave's baggage propagation; checks that every contender reads and writes the same. */
  @Setup
  public void setUp() {
    brave.baggage.BaggagePropagation.FactoryBuilder factory =
        brave.baggage.BaggagePropagation.newFactoryBuilder(brave.propagation.B3Propagation.FACTORY);
    for (int i = 0; i < braveFields.size(); i++) {
      factory.add(SingleBaggageField.newBuilder(braveFields.get(i)).addKeyName(b3Fields.get(i).headerNames().get(0)).build());
    }
    braveTracing = Tracing.newBuilder().propagationFactory(factory.build()).build();
    braveExtractor = braveTracing.propagation().extractor(PropagationBenchmark::getIgnoringCase);
    braveInjector = braveTracing.propagation().injector(Carriers.BRAVE_SETTER);

    TraceContext fromW3c = ziptraceW3c.extract(w3c, MapHeaders.GETTER).context();
    TraceContext fromB3 = ziptraceB3.extract(b3, MapHeaders.GETTER).context();
    Context otelContext = otel.extract(Context.root(), w3c, Carriers.OTEL_GETTER);
    brave.propagation.TraceContext braveContext = braveExtractor.extract(b3).context();
    ExtractInjectBenchmark.expect(fromW3c.traceState(), TRACESTATE);
    ExtractInjectBenchmark.expect(Span.fromContext(otelContext).getSpanContext().getTraceState().size(), 3);
    for (int i = 0; i < NAMES.length; i++) {
      ExtractInjectBenchmark.expect(fromW3c.baggage(w3cFields.get(i)), VALUES[i]);
      ExtractInjectBenchmark.expect(fromB3.baggage(b3Fields.get(i)), VALUES[i]);
      ExtractInjectBenchmark.expect(Baggage.fromContext(otelContext).getEntryValue(NAMES[i]), VALUES[i]);
      ExtractInjectBenchmark.expect(braveFields.get(i).getValue(braveContext), VALUES[i]);
    }
    Map<String, String> written = new TreeMap<>();
    ziptraceW3c.inject(fromW3c, written, MapHeaders.SETTER);
    ExtractInjectBenchmark.expect(written.keySet(), java.util.Set.of("traceparent", "tracestate", "baggage"));
    written.clear();
    otel.inject(otelContext, written, Map::put);
    ExtractInjectBenchmark.expect(written.keySet(), java.util.Set.of("traceparent", "tracestate", "baggage"));
  }

  /** Closes Brave. */
  @TearDown
  public void tearDown() {
    braveTracing.close();
  }

  /** ziptrace: traceparent, a tracestate of 3 members and 3 baggage fields. */
  @Benchmark
  public Sink ziptraceTraceStateBaggage() {
    return Carriers.ziptrace(ziptraceW3c, w3c, sink);
  }

  /** OpenTelemetry: the same. */
  @Benchmark
  public Sink otelTraceStateBaggage() {
    return Carriers.otel(otel, w3c, sink);
  }

  /** ziptrace: B3 multi and 3 baggage fields in headers of their own. */
  @Benchmark
  public Sink ziptraceB3Baggage() {
    return Carriers.ziptrace(ziptraceB3, b3, sink);
  }

  /** Brave: the same. */
  @Benchmark
  public Sink braveB3Baggage() {
    return Carriers.brave(braveExtractor, braveInjector, b3, sink);
  }
}
