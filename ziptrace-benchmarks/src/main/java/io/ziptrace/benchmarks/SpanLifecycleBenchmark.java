package io.ziptrace.benchmarks;

import static io.ziptrace.benchmarks.Fixtures.ANNOTATION;
import static io.ziptrace.benchmarks.Fixtures.NAME;
import static io.ziptrace.benchmarks.Fixtures.TAGS;

import brave.Tracing;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
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
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * A root SERVER span and a child span with a name, 3 tags and 1 annotation, 128-bit trace ids
 * and a local endpoint, finished and handed to each library's own async reporter (ziptrace's
 * {@link AsyncReporter}, Brave's {@link AsyncZipkinSpanHandler}) over a sender that discards.
 * Sampled and unsampled. The reporters encode on their own thread: {@code -prof gc} counts its
 * allocations too ({@link CpuPerSpan} measures the CPU per span they actually encode). Brave's
 * 10,000-span queue overflows at this rate, so most of its spans are dropped unencoded; its
 * figures here leave that work out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanLifecycleBenchmark {
  AsyncReporter ziptraceReporter;
  AsyncZipkinSpanHandler braveHandler;
  Tracer ziptrace;
  Tracer ziptraceUnsampled;
  Tracing braveTracing;
  Tracing braveTracingUnsampled;
  io.ziptrace.TraceContext ziptraceParent;
  brave.propagation.TraceContext braveParent;

  /** Builds the tracers. */
  @Setup
  public void setUp() {
    ziptraceReporter = AsyncReporter.create(new DiscardingSender());
    ziptrace = newZiptrace(Sampler.ALWAYS);
    ziptraceUnsampled = newZiptrace(Sampler.NEVER);
    braveHandler = AsyncZipkinSpanHandler.create(new DiscardingBytesSender());
    braveTracing = newBraveTracing(brave.sampler.Sampler.ALWAYS_SAMPLE);
    braveTracingUnsampled = newBraveTracing(brave.sampler.Sampler.NEVER_SAMPLE);
    ziptraceParent = ziptrace.newTrace().context();
    braveParent = braveTracing.tracer().newTrace().context();
  }

  private Tracer newZiptrace(Sampler sampler) {
    return Tracer.builder().localEndpoint(Fixtures.LOCAL).traceId128Bit(true).sampler(sampler).reporter(ziptraceReporter).build();
  }

  private Tracing newBraveTracing(brave.sampler.Sampler sampler) {
    return Tracing.newBuilder().localServiceName("frontend").localIp("10.1.2.3").localPort(8080).traceId128Bit(true)
        .sampler(sampler).addSpanHandler(braveHandler).build();
  }

  /** Closes the tracers and reporters. */
  @TearDown
  public void tearDown() {
    braveTracing.close();
    braveTracingUnsampled.close();
    braveHandler.close();
    ziptraceReporter.close(); // both ziptrace tracers report to it
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
