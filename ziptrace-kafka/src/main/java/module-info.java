/**
 * Kafka for ziptrace: {@link io.ziptrace.kafka.KafkaSender} reports spans through a Kafka topic
 * that Zipkin's Kafka collector reads, and {@link io.ziptrace.kafka.KafkaTracing} traces
 * kafka-clients producers and consumers with PRODUCER and CONSUMER spans.
 */
module io.ziptrace.kafka {
  requires transitive io.ziptrace;
  // kafka-clients has no module descriptor and no Automatic-Module-Name: its automatic module
  // name comes from the jar's file name, kafka-clients-<version>.jar.
  requires transitive kafka.clients;

  exports io.ziptrace.kafka;
}
