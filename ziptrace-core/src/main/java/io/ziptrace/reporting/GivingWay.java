package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.util.List;

/**
 * How a delivery thread measures and encodes a message without keeping the application from a
 * core: it gives the processor up ({@link Thread#yield()}) after every {@value #CHUNK} spans. A
 * full message takes hundreds of microseconds to encode, and a thread that slept since its last
 * batch is seldom preempted by threads that wake meanwhile (Linux's scheduler favours it), so on
 * a machine with few cores the application's threads would wait for the whole message. With the
 * yields they wait for a chunk at most; on an idle machine a yield returns at once. See
 * docs/rationale.md.
 */
final class GivingWay {
  /** Spans measured or written between two yields. */
  static final int CHUNK = 64;

  private GivingWay() {}

  /** Called after the span at {@code index} of a message: yields at the end of each chunk. */
  static void afterSpan(int index) {
    if (index % CHUNK == CHUNK - 1) Thread.yield();
  }

  /**
   * Writes {@code spans} as one list at the start of {@code out}, a chunk at a time, and returns
   * the offset after it: exactly what {@code encoder.writeList(spans, out, 0)} writes. A JSON list
   * is written as lists of a chunk each, every list after the first written over the closing
   * bracket before it, whose opening bracket then becomes the comma between the two; proto3's
   * list is its spans one after another.
   */
  static int writeList(SpanEncoder encoder, List<FinishedSpan> spans, byte[] out) {
    int pos = 0;
    for (int from = 0; from < spans.size() || from == 0; from += CHUNK) {
      List<FinishedSpan> chunk = spans.subList(from, Math.min(spans.size(), from + CHUNK));
      if (from > 0 && encoder.encoding() == Encoding.JSON) {
        int closingBracket = pos - 1;
        pos = encoder.writeList(chunk, out, closingBracket);
        out[closingBracket] = ',';
      } else {
        pos = encoder.writeList(chunk, out, pos);
      }
      if (from + CHUNK < spans.size()) Thread.yield();
    }
    return pos;
  }
}
