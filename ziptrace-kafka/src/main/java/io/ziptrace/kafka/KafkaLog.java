package io.ziptrace.kafka;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tracing failures that must not reach the application: the first is logged as a warning, later
 * ones at debug level only, so a broken record stream cannot flood the log.
 */
final class KafkaLog {
  private static final System.Logger LOG = System.getLogger(KafkaTracing.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private KafkaLog() {}

  static void tracingFailed(String what, RuntimeException e) {
    Level level = WARNED.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
    LOG.log(level, "Kafka tracing failed to " + what + "; the record goes on untraced", e);
  }
}
