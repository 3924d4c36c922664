package io.ziptrace.reporting;

import io.ziptrace.FinishedSpan;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Spans taken from the queue to go out as one message, with the encoded size each had when it
 * was reported, so that the message is sized, and the batch split, without measuring again.
 * Immutable.
 */
final class Batch {
  private final List<FinishedSpan> spans;
  private final int[] sizes;
  private final long spanBytes;

  /** {@code sizes[i]} is the encoded size of {@code spans[i]}; both arrays are taken over. */
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

  /** The sum of the spans' encoded sizes (without the list's own framing). */
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

  private Batch slice(int from, int to) {
    return new Batch(spans.subList(from, to).toArray(new FinishedSpan[0]), Arrays.copyOfRange(sizes, from, to));
  }
}
