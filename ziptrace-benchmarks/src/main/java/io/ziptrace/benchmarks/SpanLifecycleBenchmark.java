package io.ziptrace.benchmarks;

import static io.ziptrace.benchmarks.Fixtures.ANNOTATION;
import static io.ziptrace.benchmarks.Fixtures.NAME;
import static io.ziptrace.benchmarks.Fixtures.TAGS;

import brave.Tracing;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.sampling.Sampler;
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
 * A root SERVER span and a child span with a name, 3 tags and 1 annotation, finished and
 * encoded to Zipkin v2 JSON by each library's reporting path. Sampled and unsampled, and
 * unsampled with 128-bit trace ids (whose high half carries the epoch second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanLifecycleBenchmark {
  final EncodingSinks.ZiptraceJson ziptraceSink = new EncodingSinks.ZiptraceJson();
  final EncodingSinks.BraveJson braveSink = new EncodingSinks.BraveJson();
  Tracer ziptrace;
  Tracer ziptraceUnsampled;
  Tracer ziptraceUnsampled128;
  Tracing braveTracing;
  Tracing braveTracingUnsampled;
  Tracing braveTracingUnsampled128;
  io.ziptrace.TraceContext ziptraceParent;
  brave.propagation.TraceContext braveParent;

  /** Builds the tracers. */
  @Setup
  public void setUp() {
    ziptrace = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(ziptraceSink).build();
    ziptraceUnsampled = Tracer.builder().localEndpoint(Fixtures.LOCAL).sampler(Sampler.NEVER).reporter(ziptraceSink).build();
    braveTracing = newBraveTracing(brave.sampler.Sampler.ALWAYS_SAMPLE);
    braveTracingUnsampled = newBraveTracing(brave.sampler.Sampler.NEVER_SAMPLE);
    ziptraceUnsampled128 = Tracer.builder().localEndpoint(Fixtures.LOCAL).sampler(Sampler.NEVER)
        .traceId128Bit(true).reporter(ziptraceSink).build();
    braveTracingUnsampled128 = newBraveTracing(brave.sampler.Sampler.NEVER_SAMPLE, true);
    ziptraceParent = ziptrace.newTrace().context();
    braveParent = braveTracing.tracer().newTrace().context();
  }

  private Tracing newBraveTracing(brave.sampler.Sampler sampler) {
    return newBraveTracing(sampler, false);
  }

  private Tracing newBraveTracing(brave.sampler.Sampler sampler, boolean traceId128Bit) {
    return Tracing.newBuilder().localServiceName("frontend").localIp("10.1.2.3").localPort(8080)
        .traceId128Bit(traceId128Bit).sampler(sampler).addSpanHandler(braveSink).build();
  }

  /** Closes Brave. */
  @TearDown
  public void tearDown() {
    braveTracing.close();
    braveTracingUnsampled.close();
    braveTracingUnsampled128.close();
  }

  /** ziptrace, sampled root span. */
  @Benchmark
  public Span ziptraceRootSampled() {
    return record(ziptrace.newTrace());
  }

  /** ziptrace, unsampled root span. */
  @Benchmark
  public Span ziptraceRootUnsampled() {
    return record(ziptraceUnsampled.newTrace());
  }

  /** ziptrace, unsampled root span with a 128-bit trace id. */
  @Benchmark
  public Span ziptraceRootUnsampled128() {
    return record(ziptraceUnsampled128.newTrace());
  }

  /** ziptrace, sampled child span. */
  @Benchmark
  public Span ziptraceChildSampled() {
    return record(ziptrace.newChild(ziptraceParent));
  }

  /** Brave, sampled root span. */
  @Benchmark
  public brave.Span braveRootSampled() {
    return record(braveTracing.tracer().newTrace());
  }

  /** Brave, unsampled root span. */
  @Benchmark
  public brave.Span braveRootUnsampled() {
    return record(braveTracingUnsampled.tracer().newTrace());
  }

  /** Brave, unsampled root span with a 128-bit trace id. */
  @Benchmark
  public brave.Span braveRootUnsampled128() {
    return record(braveTracingUnsampled128.tracer().newTrace());
  }

  /** Brave, sampled child span. */
  @Benchmark
  public brave.Span braveChildSampled() {
    return record(braveTracing.tracer().newChild(braveParent));
  }

  private static Span record(Span span) {
    span.name(NAME).kind(Kind.SERVER).start();
    for (String[] tag : TAGS) span.tag(tag[0], tag[1]);
    span.annotate(ANNOTATION);
    span.finish();
    return span;
  }

  private static brave.Span record(brave.Span span) {
    span.name(NAME).kind(brave.Span.Kind.SERVER).start();
    for (String[] tag : TAGS) span.tag(tag[0], tag[1]);
    span.annotate(ANNOTATION);
    span.finish();
    return span;
  }
}
