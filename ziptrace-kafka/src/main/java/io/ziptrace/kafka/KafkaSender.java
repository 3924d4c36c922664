package io.ziptrace.kafka;

/** Placeholder while the sender is written; replaced before any release. */
final class KafkaSender {
  private KafkaSender() {}
}
