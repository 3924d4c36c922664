package io.ziptrace.encoding;

import io.ziptrace.FinishedSpan;
import java.util.List;

/**
 * Writes finished spans in one {@link Encoding}, straight into byte arrays.
 *
 * <p>For {@link Encoding#PROTO3} a single span is written as one {@code ListOfSpans.spans}
 * field, so concatenating encoded spans gives a valid list.
 */
public interface SpanEncoder {
  /** The shared, thread-safe encoder of {@code encoding}. */
  static SpanEncoder of(Encoding encoding) {
    switch (encoding) {
      case JSON: return JsonSpanEncoder.INSTANCE;
      case PROTO3: return Proto3SpanEncoder.INSTANCE;
      default: throw new IllegalArgumentException("unsupported encoding: " + encoding);
    }
  }

  /** The format this encoder writes. */
  Encoding encoding();

  /** The exact number of bytes {@link #write} will write for this span. */
  int sizeInBytes(FinishedSpan span);

  /**
   * A cheap lower bound of {@link #sizeInBytes}: each string counted as one byte per char,
   * without looking at its characters. Exact for spans whose strings are ASCII with nothing to
   * escape, the usual case; never more than the exact size. A reporter bounds its queue with it
   * on the application's thread and measures exactly on its own. This default is exact.
   */
  default int estimatedSizeInBytes(FinishedSpan span) {
    return sizeInBytes(span);
  }

  /**
   * Writes the span at {@code offset} and returns the offset after it. The array must have
   * {@link #sizeInBytes} bytes free.
   */
  int write(FinishedSpan span, byte[] out, int offset);

  /** Encodes one span. */
  default byte[] encode(FinishedSpan span) {
    byte[] out = new byte[sizeInBytes(span)];
    write(span, out, 0);
    return out;
  }

  /** The sum of {@link #sizeInBytes(FinishedSpan)} over {@code spans}. */
  default long sizeInBytes(List<FinishedSpan> spans) {
    long spanBytes = 0;
    for (int i = 0; i < spans.size(); i++) spanBytes += sizeInBytes(spans.get(i));
    return spanBytes;
  }

  /**
   * Writes spans as one message (a JSON array, or a proto3 {@code ListOfSpans}) at {@code offset}
   * and returns the offset after it. The array must have {@link Encoding#listSizeInBytes} of
   * {@link #sizeInBytes(List)} free: a caller that already knows the sizes (a reporter that
   * counted them when the spans were queued) sizes the message without measuring again.
   */
  int writeList(List<FinishedSpan> spans, byte[] out, int offset);

  /** Encodes a list of spans as one message (a JSON array, or a proto3 {@code ListOfSpans}). */
  default byte[] encodeList(List<FinishedSpan> spans) {
    byte[] out = new byte[encoding().listSizeInBytes(spans.size(), sizeInBytes(spans))];
    writeList(spans, out, 0);
    return out;
  }
}
