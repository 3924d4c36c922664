package io.ziptrace;

import java.util.Arrays;

/**
 * The growable tag and annotation storage of a recording span (which extends it, saving an
 * object per span) and of {@link FinishedSpan.Builder}. The {@link FinishedSpan} constructor takes its
 * arrays over when the span finishes. Not thread-safe; the owner synchronises.
 */
class SpanFields {
  private static final String[] NO_STRINGS = new String[0];
  private static final long[] NO_LONGS = new long[0];

  private String[] tags = NO_STRINGS;
  private int tagCount;
  private long[] annotationTimestamps = NO_LONGS;
  private String[] annotationValues = NO_STRINGS;
  private int annotationCount;

  /** Returns false when the key is null or empty or the value is null (Zipkin drops empty keys). */
  final boolean addTag(String key, String value) {
    if (key == null || key.isEmpty() || value == null) return false;
    key = truncate(key);
    value = truncate(value);
    for (int i = 0; i < tagCount; i++) {
      if (tags[2 * i].equals(key)) {
        tags[2 * i + 1] = value;
        return true;
      }
    }
    if (2 * tagCount == tags.length) tags = Arrays.copyOf(tags, Math.max(8, tags.length * 2));
    tags[2 * tagCount] = key;
    tags[2 * tagCount + 1] = value;
    tagCount++;
    return true;
  }

  /** Returns false when the value is null or empty or the timestamp is not positive (Zipkin drops or rejects those). */
  final boolean addAnnotation(long timestamp, String value) {
    if (value == null || value.isEmpty() || timestamp <= 0L) return false;
    value = truncate(value);
    if (annotationCount == annotationValues.length) {
      int capacity = Math.max(2, annotationCount * 2);
      annotationValues = Arrays.copyOf(annotationValues, capacity);
      annotationTimestamps = Arrays.copyOf(annotationTimestamps, capacity);
    }
    annotationTimestamps[annotationCount] = timestamp;
    annotationValues[annotationCount] = value;
    annotationCount++;
    return true;
  }

  /** {@code s}, cut to {@link #Span.MAX_STRING_LENGTH} chars without splitting a surrogate pair. */
  static String truncate(String s) {
    if (s.length() <= Span.MAX_STRING_LENGTH) return s;
    int end = Span.MAX_STRING_LENGTH;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    return s.substring(0, end);
  }

  /** A copy holding the same tags and annotations in arrays of its own. */
  final SpanFields copy() {
    SpanFields copy = new SpanFields();
    copy.tags = Arrays.copyOf(tags, 2 * tagCount);
    copy.tagCount = tagCount;
    copy.annotationTimestamps = Arrays.copyOf(annotationTimestamps, annotationCount);
    copy.annotationValues = Arrays.copyOf(annotationValues, annotationCount);
    copy.annotationCount = annotationCount;
    return copy;
  }

  final String[] tagKeysAndValues() {
    return tags;
  }

  final int tagCount() {
    return tagCount;
  }

  final long[] annotationTimestamps() {
    return annotationTimestamps;
  }

  final String[] annotationValues() {
    return annotationValues;
  }

  final int annotationCount() {
    return annotationCount;
  }

  /** Lets go of the stored tags and annotations (they may belong to a finished span now). */
  final void releaseFields() {
    tags = NO_STRINGS;
    annotationTimestamps = NO_LONGS;
    annotationValues = NO_STRINGS;
    tagCount = 0;
    annotationCount = 0;
  }
}
