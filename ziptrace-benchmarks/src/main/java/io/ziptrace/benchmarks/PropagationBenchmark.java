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

/**
 * B3 inject and extract, multi-header and single header, ziptrace and Brave.
 *
 * <p>The {@code Request} and {@code NoTrace} cases read a plain {@code HashMap} as a request
 * arrives: {@code host}, {@code user-agent} and {@code accept}, with ({@code Request}) or without
 * ({@code NoTrace}, a new trace at the edge) the B3 headers spelled as HTTP clients send them
 * ({@code X-B3-TraceId}). Both libraries must find those names ignoring case: ziptrace through
 * {@code MapHeaders.GETTER}, Brave through {@link #getIgnoringCase}. The {@code ExactKeys} Brave
 * cases are a second reference: Brave with plain {@code Map::get}, the cheapest a map can be read,
 * which finds these headers only because Brave asks for them in this very spelling ({@code
 * X-B3-TraceId}; ziptrace asks in lowercase). {@code InjectMap} writes into a new {@code HashMap}
 * per operation, as a client builds its request's headers.
 */
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
  /** A request carrying B3 multi headers as HTTP clients capitalise them, and the usual headers. */
  final Map<String, String> request = Carriers.request(
      "X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124", "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "1");
  /** A request without trace headers: the usual headers only. */
  final Map<String, String> noTrace = Carriers.request();
  final Sink sink = new Sink();
  Tracing braveMulti;
  Tracing braveSingle;
  Injector<Sink> braveMultiInjector;
  Injector<Sink> braveSingleInjector;
  Extractor<Map<String, String>> braveMultiExtractor;
  Extractor<Map<String, String>> braveSingleExtractor;
  Extractor<Map<String, String>> braveCaseInsensitiveExtractor;
  Injector<Map<String, String>> braveMapInjector;
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
    braveMapInjector = braveMulti.propagation().injector(Map::put);
    ziptraceContext = B3Propagation.multi().extract(multi, MapHeaders.GETTER).context();
    braveContext = braveMultiExtractor.extract(multi).context();
    String spanId = "a2fb4a1d1a96d312";
    ExtractInjectBenchmark.expect(ziptraceExtractMultiRequest().context().spanIdString(), spanId);
    ExtractInjectBenchmark.expect(braveExtractMultiRequest().context().spanIdString(), spanId);
    ExtractInjectBenchmark.expect(braveExtractMultiRequestExactKeys().context().spanIdString(), spanId);
    ExtractInjectBenchmark.expect(ziptraceExtractNoTrace().isEmpty(), true);
    ExtractInjectBenchmark.expect(braveExtractNoTrace().context() == null, true);
    ExtractInjectBenchmark.expect(ignoringCase(ziptraceInjectMap()), ignoringCase(braveInjectMap()));
  }

  static Map<String, String> ignoringCase(Map<String, String> headers) {
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    return copy;
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

  /** ziptrace, multi-header extract from {@link #request}. */
  @Benchmark
  public IncomingContext ziptraceExtractMultiRequest() {
    return B3Propagation.multi().extract(request, MapHeaders.GETTER);
  }

  /** ziptrace, extract from {@link #noTrace}: nothing found. */
  @Benchmark
  public IncomingContext ziptraceExtractNoTrace() {
    return B3Propagation.multi().extract(noTrace, MapHeaders.GETTER);
  }

  /** ziptrace, multi-header inject into a new {@code HashMap}. */
  @Benchmark
  public Map<String, String> ziptraceInjectMap() {
    Map<String, String> headers = new HashMap<>();
    B3Propagation.multi().inject(ziptraceContext, headers, MapHeaders.SETTER);
    return headers;
  }

  /** Brave, multi-header extract from {@link #request}, its getter ignoring case. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractMultiRequest() {
    return braveCaseInsensitiveExtractor.extract(request);
  }

  /** Brave, multi-header extract from {@link #request} with {@code Map::get}. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractMultiRequestExactKeys() {
    return braveMultiExtractor.extract(request);
  }

  /** Brave, extract from {@link #noTrace}, its getter ignoring case. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractNoTrace() {
    return braveCaseInsensitiveExtractor.extract(noTrace);
  }

  /** Brave, extract from {@link #noTrace} with {@code Map::get}. */
  @Benchmark
  public TraceContextOrSamplingFlags braveExtractNoTraceExactKeys() {
    return braveMultiExtractor.extract(noTrace);
  }

  /** Brave, multi-header inject into a new {@code HashMap}. */
  @Benchmark
  public Map<String, String> braveInjectMap() {
    Map<String, String> headers = new HashMap<>();
    braveMapInjector.inject(braveContext, headers);
    return headers;
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
