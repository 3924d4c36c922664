package io.ziptrace.micrometer;

import io.micrometer.tracing.TraceContext;

/** Hex ids of Micrometer's API to ziptrace's numeric ids. */
final class Ids {
  private Ids() {
  }

  /**
   * The ziptrace context with the ids of {@code context} (from another bridge, or Micrometer's
   * {@code TraceContext.NOOP}), or null when its ids are not valid.
   */
  static io.ziptrace.TraceContext toZiptrace(TraceContext context) {
    try {
      io.ziptrace.TraceContext.Builder b = io.ziptrace.TraceContext.builder().sampled(context.sampled());
      traceId(b, context.traceId());
      b.spanId(spanId(context.spanId()));
      String parentId = context.parentId();
      if (parentId != null && !parentId.isEmpty()) b.parentId(spanId(parentId));
      return b.build();
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  /** Sets a 16 or 32 hex character trace id on {@code b}. */
  static void traceId(io.ziptrace.TraceContext.Builder b, String hex) {
    if (hex == null) throw new IllegalArgumentException("traceId is null");
    if (hex.length() == 32) {
      b.traceId(parse(hex.substring(0, 16)), parse(hex.substring(16)));
    } else {
      b.traceId(spanId(hex));
    }
  }

  /** Parses a span id of 1 to 16 hex characters (or the lower half of 32). */
  static long spanId(String hex) {
    if (hex == null) throw new IllegalArgumentException("id is null");
    if (hex.length() == 32) hex = hex.substring(16);
    if (hex.isEmpty() || hex.length() > 16) throw new IllegalArgumentException("not a hex id: " + hex);
    return parse(hex);
  }

  private static long parse(String hex) {
    return Long.parseUnsignedLong(hex, 16);
  }
}
