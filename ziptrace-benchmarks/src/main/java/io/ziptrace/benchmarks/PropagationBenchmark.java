package io.ziptrace.benchmarks;

import brave.Tracing;
import brave.propagation.TraceContext.Extractor;
import brave.propagation.TraceContext.Injector;
import brave.propagation.TraceContextOrSamplingFlags;
import io.ziptrace.TraceContext;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.IncomingContext;
import io.ziptrace.propagation.HeaderSetter;
import io.ziptrace.propagation.MapHeaders;
import java.util.HashMap;
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

/** B3 inject and extract, multi-header and single header, ziptrace and Brave. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PropagationBenchmark {
  /** A carrier that keeps only a count, so injection cost is not hidden by a map's. */
  public static final class Sink {
    int length;
  }

  static final HeaderSetter<Sink> ZIPTRACE_SETTER = (sink, name, value) -> sink.length += value.length();
  final Map<String, String> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  final Map<String, String> single = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  /** Headers as HTTP clients capitalise them, in a map that does not ignore case. */
  final Map<String, String> multiCapitalised = new HashMap<>();
  final Sink sink = new Sink();
  Tracing braveMulti;
  Tracing braveSingle;
  Injector<Sink> braveMultiInjector;
  Injector<Sink> braveSingleInjector;
  Extractor<Map<String, String>> braveMultiExtractor;
  Extractor<Map<String, String>> braveSingleExtractor;
  Extractor<Map<String, String>> braveCaseInsensitiveExtractor;
  TraceContext ziptraceContext;
  brave.propagation.TraceContext braveContext;

  /** Prepares headers and contexts. */
  @Setup
  public void setUp() {
    multi.put("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124");
    multi.put("x-b3-spanid", "a2fb4a1d1a96d312");
    multi.put("x-b3-parentspanid", "0020000000000001");
    multi.put("x-b3-sampled", "1");
    multiCapitalised.put("X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124");
    multiCapitalised.put("X-B3-SpanId", "a2fb4a1d1a96d312");
    multiCapitalised.put("X-B3-ParentSpanId", "0020000000000001");
    multiCapitalised.put("X-B3-Sampled", "1");
    single.put("b3", "463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-1-0020000000000001");
    braveMulti = Tracing.newBuilder().build();
    braveSingle = Tracing.newBuilder().propagationFactory(
        brave.propagation.B3Propagation.newFactoryBuilder()
            .injectFormat(brave.propagation.B3Propagation.Format.SINGLE).build()).build();
    brave.propagation.Propagation.Setter<Sink, String> braveSetter = (sink, name, value) -> sink.length += value.length();
    braveMultiInjector = braveMulti.propagation().injector(braveSetter);
    braveSingleInjector = braveSingle.propagation().injector(braveSetter);
    braveMultiExtractor = braveMulti.propagation().extractor(Map::get);
    braveSingleExtractor = braveSingle.propagation().extractor(Map::get);
    braveCaseInsensitiveExtractor = braveMulti.propagation().extractor(PropagationBenchmark::getIgnoringCase);
    ziptraceContext = B3Propagation.multi().extract(multi, MapHeaders.GETTER).context();
    braveContext = braveMultiExtractor.extract(multi).context();
  }

  /** Closes Brave. */
  @TearDown
  public void tearDown() {
    braveMulti.close();
    braveSingle.close();
  }

  /** ziptrace, multi-header inject. */
  @Benchmark
  public Sink ziptraceInjectMulti() {
    B3Propagation.multi().inject(ziptraceContext, sink, ZIPTRACE_SETTER);
    return sink;
  }

  /** ziptrace, single-header inject. */
  @Benchmark
  public Sink ziptraceInjectSingle() {
    B3Propagation.single().inject(ziptraceContext, sink, ZIPTRACE_SETTER);
    return sink;
  }

  /** ziptrace, multi-header extract. */
  @Benchmark
  public IncomingContext ziptraceExtractMulti() {
    return B3Propagation.multi().extract(multi, MapHeaders.GETTER);
  }

  /** ziptrace, single-header extract. */
  @Benchmark
  public IncomingContext ziptraceExtractSingle() {
    return B3Propagation.multi().extract(single, MapHeaders.GETTER);
  }

  /** ziptrace, multi-header extract from a case-sensitive map with capitalised names. */
  @Benchmark
  public IncomingContext ziptraceExtractMultiCapitalised() {
    return B3Propagation.multi().extract(multiCapitalised, MapHeaders.GETTER);
  }

  /** Brave, multi-header inject. */
  @Benchmark
  public Sink braveInjectMulti() {
    braveMultiInjector.inject(braveContext, sink);
    return sink;
  }

  /** Brave, single-header inject. */
  @Benchmark
  public Sink braveInjectSingle() {
    braveSingleInjector.inject(braveContext, sink);
    return sink;
  }

  /** Brave, multi-header extract. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractMulti() {
    return braveMultiExtractor.extract(multi);
  }

  /** Brave, multi-header extract from a case-sensitive map with capitalised names. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractMultiCapitalised() {
    return braveCaseInsensitiveExtractor.extract(multiCapitalised);
  }

  /** Brave, single-header extract. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractSingle() {
    return braveSingleExtractor.extract(single);
  }

  /**
   * Brave's twin of {@code MapHeaders.GETTER}: Brave's HTTP instrumentation hands the name to the
   * framework ({@code HttpServerRequest.header}), whose lookup ignores case; over a plain map that
   * is the exact key first, then a scan comparing names case-insensitively.
   */
  static String getIgnoringCase(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value != null) return value;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (name.equalsIgnoreCase(header.getKey())) return header.getValue();
    }
    return null;
  }
}
