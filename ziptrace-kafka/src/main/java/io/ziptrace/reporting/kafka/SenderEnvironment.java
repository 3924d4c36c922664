package io.ziptrace.reporting.kafka;

import io.ziptrace.internal.OperatorSettings;
import io.ziptrace.internal.Setting;
import java.util.function.Consumer;

/**
 * The settings {@link KafkaSender#builderFromEnvironment()} reads, by core's rules for settings
 * given outside the code (a system property, then environment variables, then the default;
 * trimmed; blank counts as unset): the bootstrap servers, which have no default, and the topic.
 */
final class SenderEnvironment {
  static final String SERVERS_PROPERTY = "ziptrace.kafka.bootstrap.servers";
  static final String SERVERS_VARIABLE = "ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS";
  /** The variable Zipkin's own Kafka collector reads, so one setting can serve both. */
  static final String ZIPKIN_SERVERS_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

  private final OperatorSettings settings;

  SenderEnvironment(OperatorSettings settings) {
    this.settings = settings;
  }

  /**
   * A builder for the configured servers and topic; passes the line saying what it picked, and
   * where from, to {@code info}.
   */
  KafkaSender.Builder builder(Consumer<String> info) {
    Setting servers = settings.find(SERVERS_PROPERTY, null, SERVERS_VARIABLE, ZIPKIN_SERVERS_VARIABLE);
    if (servers.value() == null) {
      throw new IllegalArgumentException("no Kafka bootstrap servers to send spans to: set the system property "
          + SERVERS_PROPERTY + " or the environment variable " + SERVERS_VARIABLE + " (or " + ZIPKIN_SERVERS_VARIABLE
          + ") to host:port[,host:port...], e.g. kafka-1:9092,kafka-2:9092");
    }
    Setting topic = settings.find("ziptrace.kafka.topic", KafkaSender.DEFAULT_TOPIC, "ZIPTRACE_KAFKA_TOPIC");
    KafkaSender.Builder builder = servers.as(KafkaSender::builder);
    topic.as(builder::topic);
    info.accept("ziptrace: reporting to Kafka topic " + topic.value() + " (" + topic.source() + ") at "
        + servers.value() + " (" + servers.source() + ")");
    return builder;
  }
}
