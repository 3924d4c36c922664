package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import java.util.Map;

/**
 * B3 extraction from a plain map read through {@link MapHeaders#GETTER} (see {@link
 * MapHeaders#plainMap}): one pass over its entries collects every B3 header, in any case, where
 * asking for each of the six names would scan the map once per absent one. What is extracted is
 * what asking the getter for each name extracts.
 */
final class B3FromMap {
  /** {@link B3Propagation#keys()}, whose order the positions below follow. */
  private static final HeaderNames NAMES = new HeaderNames(B3Propagation.multi().keys());
  private static final int B3 = 0, TRACE_ID = 1, SPAN_ID = 2, PARENT_SPAN_ID = 3, SAMPLED = 4, FLAGS = 5;

  private B3FromMap() {}

  /**
   * The context in {@code headers}, or {@code null} when they hold one B3 header under two
   * spellings (which wins is the getter's rule) or cannot be read: then ask the getter.
   */
  static IncomingContext extract(Map<?, ?> headers) {
    // Locals, not an array indexed by position: the values are collected without allocating.
    String single = null, traceId = null, spanId = null, parentId = null, sampled = null, flags = null;
    int seen = 0;
    try {
      for (Map.Entry<?, ?> header : headers.entrySet()) {
        int position = NAMES.positionOf(header.getKey());
        if (position < 0) continue;
        if ((seen & 1 << position) != 0) return null;
        seen |= 1 << position;
        String value = (String) header.getValue();
        switch (position) {
          case B3: single = value; break;
          case TRACE_ID: traceId = value; break;
          case SPAN_ID: spanId = value; break;
          case PARENT_SPAN_ID: parentId = value; break;
          case SAMPLED: sampled = value; break;
          default: flags = value;
        }
      }
    } catch (RuntimeException e) {
      return null; // a map that cannot be iterated, or holds a value that is not a string
    }
    return B3Propagation.extract(single, flags, sampled, traceId, spanId, parentId);
  }
}
