/**
 * Kafka for ziptrace, in two packages that do not use each other: {@code io.ziptrace.kafka}
 * traces kafka-clients producers and consumers with PRODUCER and CONSUMER spans ({@link
 * io.ziptrace.kafka.KafkaTracing}), and {@code io.ziptrace.reporting.kafka} reports spans through
 * a Kafka topic that Zipkin's Kafka collector reads ({@link
 * io.ziptrace.reporting.kafka.KafkaSender}).
 */
module io.ziptrace.kafka {
  requires transitive io.ziptrace;
  // kafka-clients has no module descriptor and no Automatic-Module-Name: its automatic module
  // name comes from the jar's file name, kafka-clients-<version>.jar.
  requires transitive kafka.clients;

  exports io.ziptrace.kafka;
  exports io.ziptrace.reporting.kafka;
}
