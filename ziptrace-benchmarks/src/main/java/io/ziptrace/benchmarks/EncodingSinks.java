package io.ziptrace.benchmarks;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import io.ziptrace.Reporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.BytesMessageEncoder;
import zipkin2.reporter.brave.MutableSpanBytesEncoder;

/**
 * The end of the span lifecycle for each library: what its asynchronous reporter does with a
 * finished span, done on the calling thread so that the benchmark measures all of it. Each
 * measures the span when it is reported (to bound its queue), then turns every {@link #BATCH}
 * spans into one Zipkin v2 JSON message the way its reporter builds a message for the sender,
 * and discards the message (its length is kept so nothing is optimised away).
 */
final class EncodingSinks {
  /** Spans per message: small enough that no span waits long, large enough to amortise. */
  static final int BATCH = 100;

  private EncodingSinks() {}

  /**
   * ziptrace's {@code AsyncReporter}: the span's size is measured on report; the batch is written
   * straight into one message array sized from those measurements.
   */
  static final class ZiptraceJson implements Reporter {
    private static final SpanEncoder ENCODER = SpanEncoder.of(Encoding.JSON);
    private final FinishedSpan[] batch = new FinishedSpan[BATCH];
    private final List<FinishedSpan> batchView = Arrays.asList(batch);
    private int count;
    private long spanBytes;
    long bytes;

    @Override
    public void report(FinishedSpan span) {
      spanBytes += ENCODER.sizeInBytes(span);
      batch[count++] = span;
      if (count < BATCH) return;
      byte[] message = new byte[Encoding.JSON.listSizeInBytes(count, spanBytes)];
      bytes += ENCODER.writeList(batchView, message, 0);
      count = 0;
      spanBytes = 0;
    }
  }

  /**
   * Brave's {@code AsyncZipkinSpanHandler} (zipkin-reporter): the span's size is measured on
   * report; at flush each span is encoded to its own array and the sender joins them into one
   * message.
   */
  static final class BraveJson extends SpanHandler {
    private static final BytesEncoder<MutableSpan> ENCODER = MutableSpanBytesEncoder.JSON_V2;
    private final MutableSpan[] batch = new MutableSpan[BATCH];
    private int count;
    private long spanBytes; // zipkin-reporter bounds its queue by it; kept so the measuring stays
    long bytes;

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
      spanBytes += ENCODER.sizeInBytes(span);
      batch[count++] = span;
      if (count < BATCH) return true;
      List<byte[]> encoded = new ArrayList<>(count);
      for (MutableSpan queued : batch) encoded.add(ENCODER.encode(queued));
      bytes += BytesMessageEncoder.JSON.encode(encoded).length;
      count = 0;
      spanBytes = 0;
      return true;
    }
  }
}
