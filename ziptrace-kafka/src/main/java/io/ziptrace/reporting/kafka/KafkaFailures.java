package io.ziptrace.reporting.kafka;

import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.kafka.KafkaSender.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Turns what the Kafka producer threw into a {@link Failure} kind, and that into what the
 * reporter does: retry (a plain {@link IOException}), split or reject (a {@link SendException}).
 */
final class KafkaFailures {
  private final Producer<?, ?> producer;
  private final String topic;
  private final String bootstrapServers;
  private final Duration sendTimeout;

  KafkaFailures(Producer<?, ?> producer, String topic, String bootstrapServers, Duration sendTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.sendTimeout = sendTimeout;
  }

  /** The kind of {@code error}, which the producer threw or failed a send with. */
  Failure classify(Throwable error) {
    if (error instanceof RecordTooLargeException) return Failure.RECORD_TOO_LARGE;
    if (error instanceof AuthorizationException || error instanceof AuthenticationException) return Failure.NOT_AUTHORIZED;
    if (error instanceof UnknownTopicOrPartitionException) return Failure.TOPIC_MISSING;
    if (error instanceof TimeoutException) {
      // The producer waits for the topic's metadata and times out alike whether no broker
      // answers or a broker answers that the topic does not exist: a live connection tells them apart.
      String message = String.valueOf(error.getMessage());
      return message.contains("not present in metadata") && connected() ? Failure.TOPIC_MISSING : Failure.BROKER_UNAVAILABLE;
    }
    if (error instanceof RetriableException) return Failure.BROKER_UNAVAILABLE;
    return Failure.OTHER;
  }

  /** What the sender throws for {@code error} of kind {@code kind}. */
  IOException toException(Failure kind, Throwable error, String destination) {
    String detail = error.getClass().getSimpleName() + ": " + error.getMessage();
    switch (kind) {
      case RECORD_TOO_LARGE:
        return SendException.tooLarge("record too large for " + destination + " (" + detail
            + "); the broker's message.max.bytes or the topic's max.message.bytes is below messageMaxBytes");
      case NOT_AUTHORIZED:
        return SendException.reject("not authorized to write to " + destination + " (" + detail + ")");
      case TOPIC_MISSING:
        return new IOException("topic " + topic + " does not exist and the broker does not create topics: create it ("
            + "Zipkin's Kafka collector reads topic zipkin unless KAFKA_TOPIC says otherwise)", error);
      case BROKER_UNAVAILABLE:
        if (error instanceof TimeoutException && !connected()) {
          // Kafka says "Topic zipkin not present in metadata", which reads like a topic problem
          return new IOException("no broker answered at " + bootstrapServers + " within " + readable(sendTimeout)
              + " (not connected to any)", error);
        }
        return new IOException("no broker took the record for " + destination + " (" + detail + ")", error);
      default:
        if (error instanceof RetriableException) return new IOException(detail, error);
        return SendException.reject("Kafka refused the record for " + destination + " (" + detail + ")");
    }
  }

  private static String readable(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** Whether the producer has a connection to some broker now. */
  private boolean connected() {
    try {
      for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
        if (metric.getKey().name().equals("connection-count") && metric.getKey().group().equals("producer-metrics")) {
          Object value = metric.getValue().metricValue();
          return value instanceof Number && ((Number) value).doubleValue() > 0;
        }
      }
    } catch (RuntimeException e) {
      // a producer without metrics (a test double): say nothing is known to be connected
    }
    return false;
  }
}
