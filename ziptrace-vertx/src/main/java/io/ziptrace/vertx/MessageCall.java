package io.ziptrace.vertx;

import io.ziptrace.Span;

/** The PRODUCER span of an event-bus message sent, or the CONSUMER span of one delivered. */
final class MessageCall implements TracedCall {
  private final Span span;

  MessageCall(Span span) {
    this.span = span;
  }

  @Override
  public void end(Object response, VertxTags responseTags, Throwable failure) {
    if (failure != null) span.error(failure);
    span.finish();
  }
}
