package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import java.util.Arrays;

/**
 * A FIFO of spans with their estimated encoded sizes, bounded by count and by bytes; grows on demand up to
 * its count limit. Not thread-safe: its owner guards it.
 */
final class SpanQueue {
  private final int maxSpans;
  private final long maxBytes;
  private FinishedSpan[] spans = new FinishedSpan[64];
  private int[] sizes = new int[64];
  private int head;
  private int count;
  private long bytes;

  SpanQueue(int maxSpans, long maxBytes) {
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
  }

  /**
   * Adds the span, or returns false when that would pass a limit.
   *
   * @param heldElsewhere bytes of spans taken from this queue and not yet settled, which count
   *     against the byte limit too
   */
  boolean offer(FinishedSpan span, int size, long heldElsewhere) {
    if (count >= maxSpans || bytes + heldElsewhere + size > maxBytes) return false;
    if (count == spans.length) grow();
    int tail = (head + count) % spans.length;
    spans[tail] = span;
    sizes[tail] = size;
    count++;
    bytes += size;
    return true;
  }

  /** Whether a span of {@code size} bytes exceeds the byte limit alone, so that it would be refused however empty the queue. */
  boolean neverFits(int size) {
    return size > maxBytes;
  }

  /** Removes the oldest spans whose list fits in {@code maxListBytes}: at least one, if any. */
  Batch drainBatch(Encoding encoding, int maxListBytes) {
    int n = 0;
    long total = 0;
    while (n < count) {
      int size = sizes[(head + n) % spans.length];
      if (n > 0 && encoding.listSizeInBytes(n + 1, total + size) > maxListBytes) break;
      total += size;
      n++;
    }
    FinishedSpan[] batchSpans = new FinishedSpan[n];
    int[] batchSizes = new int[n];
    for (int i = 0; i < n; i++) {
      batchSpans[i] = spans[head];
      batchSizes[i] = sizes[head];
      spans[head] = null;
      head = (head + 1) % spans.length;
    }
    count -= n;
    bytes -= total;
    return new Batch(batchSpans, batchSizes);
  }

  /** Removes every span and returns how many there were. */
  int clear() {
    int cleared = count;
    Arrays.fill(spans, null);
    head = 0;
    count = 0;
    bytes = 0;
    return cleared;
  }

  int size() {
    return count;
  }

  /** Whether half the span or byte limit is taken by queued spans: time to send, whatever the interval. */
  boolean isHalfFull() {
    return count * 2L >= maxSpans || bytes * 2 >= maxBytes;
  }

  long bytes() {
    return bytes;
  }

  private void grow() {
    int capacity = (int) Math.min((long) maxSpans, spans.length * 2L);
    FinishedSpan[] newSpans = new FinishedSpan[capacity];
    int[] newSizes = new int[capacity];
    for (int i = 0; i < count; i++) {
      newSpans[i] = spans[(head + i) % spans.length];
      newSizes[i] = sizes[(head + i) % spans.length];
    }
    spans = newSpans;
    sizes = newSizes;
    head = 0;
  }
}
