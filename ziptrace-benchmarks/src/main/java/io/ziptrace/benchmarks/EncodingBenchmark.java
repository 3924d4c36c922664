package io.ziptrace.benchmarks;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import zipkin2.codec.SpanBytesEncoder;

/** Encoding 100 typical spans as one message: ziptrace against the zipkin2 library. Per span. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(100)
public class EncodingBenchmark {
  List<FinishedSpan> spans;
  List<zipkin2.Span> zipkinSpans;

  /** Builds the same 100 spans in both models. */
  @Setup
  public void setUp() {
    spans = Fixtures.hundredSpans();
    zipkinSpans = new ArrayList<>();
    byte[] json = SpanEncoder.of(Encoding.JSON).encodeList(spans);
    zipkinSpans.addAll(zipkin2.codec.SpanBytesDecoder.JSON_V2.decodeList(json));
  }

  /** ziptrace, JSON v2. */
  @Benchmark
  public byte[] ziptraceJson() {
    return SpanEncoder.of(Encoding.JSON).encodeList(spans);
  }

  /** ziptrace, proto3. */
  @Benchmark
  public byte[] ziptraceProto3() {
    return SpanEncoder.of(Encoding.PROTO3).encodeList(spans);
  }

  /** zipkin2, JSON v2. */
  @Benchmark
  public byte[] zipkin2Json() {
    return SpanBytesEncoder.JSON_V2.encodeList(zipkinSpans);
  }

  /** zipkin2, proto3. */
  @Benchmark
  public byte[] zipkin2Proto3() {
    return SpanBytesEncoder.PROTO3.encodeList(zipkinSpans);
  }
}
