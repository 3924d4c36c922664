package io.ziptrace.vertx;

import io.ziptrace.Span;

/**
 * A span that ends with its call and records only whether it failed: event-bus PRODUCER and
 * CONSUMER spans, SQL, Cassandra and Redis CLIENT spans.
 */
final class SpanCall implements TracedCall {
  private final Span span;

  SpanCall(Span span) {
    this.span = span;
  }

  @Override
  public void end(Object response, VertxTags responseTags, Throwable failure) {
    if (failure != null) span.error(failure);
    span.finish();
  }
}
