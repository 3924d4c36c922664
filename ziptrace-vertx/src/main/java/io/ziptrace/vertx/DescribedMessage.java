package io.ziptrace.vertx;

import io.ziptrace.messaging.MessageInfo;

/**
 * A message (an event-bus message, a Kafka record) as the shared messaging tracing sees it: the
 * operation names the span, and the destination is the one Vert.x describes it with.
 */
record DescribedMessage(String operation, VertxTags tags) implements MessageInfo {
  @Override
  public String destination() {
    return tags.get("messaging.destination.name");
  }
}
