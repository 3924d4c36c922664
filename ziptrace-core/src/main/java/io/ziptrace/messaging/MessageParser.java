package io.ziptrace.messaging;

import io.ziptrace.Span;

/**
 * Tags a span from its message. Each broker names its tags its own way (and existing traces and
 * dashboards depend on those names), so the adapter chooses them, usually with {@link #tags}.
 */
@FunctionalInterface
public interface MessageParser {
  /**
   * Tags {@code destinationTag} with the message's destination and {@code keyTag} with its key
   * when it has a non-empty one; a null {@code keyTag} never tags the key.
   */
  static MessageParser tags(String destinationTag, String keyTag) {
    java.util.Objects.requireNonNull(destinationTag, "destinationTag");
    return (message, span) -> {
      String destination = message.destination();
      if (destination != null) span.tag(destinationTag, destination);
      String key = keyTag == null ? null : message.key();
      if (key != null && !key.isEmpty()) span.tag(keyTag, key);
    };
  }

  /** Records what {@code message} says on {@code span}. */
  void parse(MessageInfo message, Span span);
}
