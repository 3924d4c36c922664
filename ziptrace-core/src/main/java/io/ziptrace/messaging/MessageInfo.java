package io.ziptrace.messaging;

/**
 * What messaging tracing reads from a message: a thin view that each broker adapter implements
 * over its own message (or batch) type, without copying.
 */
public interface MessageInfo {
  /**
   * The span's name: what is done with the message, e.g. {@code send}, {@code publish} or {@code
   * poll}. A processing span is named by the code that processes, so this is not read for it.
   */
  String operation();

  /** Where the message goes or came from (a topic, queue or address), or {@code null} when unknown. */
  String destination();

  /**
   * The message's key as readable text, or {@code null} when it has none or it is not text (a
   * binary key would be unreadable in Zipkin). The default is {@code null}.
   */
  default String key() {
    return null;
  }
}
