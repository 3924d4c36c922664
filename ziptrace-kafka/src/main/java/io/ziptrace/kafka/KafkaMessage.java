package io.ziptrace.kafka;

import io.ziptrace.messaging.MessageInfo;
import io.ziptrace.messaging.MessageParser;

/**
 * A record (or a poll's records of one topic) as the shared messaging tracing sees it: the
 * operation names the span, the topic is tagged {@code kafka.topic}, a String key {@code
 * kafka.key}, as Brave's Kafka instrumentation records them.
 */
record KafkaMessage(String operation, String destination, String key) implements MessageInfo {
  /** Kafka's tag names, for the topic and for a non-empty String key. */
  static final MessageParser TAGS = MessageParser.tags("kafka.topic", "kafka.key");

  /** A record being sent. */
  static KafkaMessage send(String topic, Object key) {
    return new KafkaMessage("send", topic, textKey(key));
  }

  /** The records of one topic a poll returned, which share a CONSUMER span: no key. */
  static KafkaMessage poll(String topic) {
    return new KafkaMessage("poll", topic, null);
  }

  /** A received record about to be processed. */
  static KafkaMessage received(String topic, Object key) {
    return new KafkaMessage("process", topic, textKey(key));
  }

  /** Only a String key is readable in Zipkin; binary keys are not tagged. */
  private static String textKey(Object key) {
    return key instanceof String ? (String) key : null;
  }
}
