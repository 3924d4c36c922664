package io.ziptrace;

import java.util.concurrent.ThreadLocalRandom;

/** New span ids, and the context of a child span, shared by the tracer and by spans. */
final class SpanIds {
  private SpanIds() {}

  /** A random non-zero 64-bit id. */
  static long next() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0L);
    return id;
  }

  /**
   * The context of a new child of {@code parent}: the same trace and sampling flags, a new span
   * id, {@code parent}'s span id as parent id, never shared.
   */
  static TraceContext.Builder childOf(TraceContext parent) {
    return parent.toBuilder().parentId(parent.spanId()).spanId(next()).shared(false);
  }
}
