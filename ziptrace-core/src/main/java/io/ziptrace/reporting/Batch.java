package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Spans taken from the queue to go out together, with the size the queue counted for each (the
 * encoder's estimate, see {@link io.ziptrace.encoding.SpanEncoder#estimatedSizeInBytes}), so
 * that settling them, whole or in slices, gives back exactly what the queue counted. Immutable.
 */
final class Batch {
  private final List<FinishedSpan> spans;
  private final int[] sizes;
  private final long spanBytes;

  /** {@code sizes[i]} is the size counted for {@code spans[i]}; both arrays are taken over. */
  Batch(FinishedSpan[] spans, int[] sizes) {
    if (spans.length != sizes.length) throw new IllegalArgumentException("one size per span");
    this.spans = Collections.unmodifiableList(Arrays.asList(spans)); // a view: List.of would copy the array
    this.sizes = sizes;
    long sum = 0;
    for (int size : sizes) sum += size;
    this.spanBytes = sum;
  }

  List<FinishedSpan> spans() {
    return spans;
  }

  int size() {
    return spans.size();
  }

  /** The sum of the sizes counted for the spans (without the list's own framing). */
  long spanBytes() {
    return spanBytes;
  }

  /** The first half of a batch of two or more spans (the smaller half when odd). */
  Batch firstHalf() {
    return slice(0, size() / 2);
  }

  /** What {@link #firstHalf()} leaves. */
  Batch secondHalf() {
    return slice(size() / 2, size());
  }

  /** The spans from index {@code from} (inclusive) to {@code to} (exclusive), with their sizes; this batch when that is all of it. */
  Batch slice(int from, int to) {
    if (from == 0 && to == size()) return this;
    return new Batch(spans.subList(from, to).toArray(new FinishedSpan[0]), Arrays.copyOfRange(sizes, from, to));
  }
}
