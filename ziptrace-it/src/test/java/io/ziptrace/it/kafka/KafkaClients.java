package io.ziptrace.it.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka clients for one broker, and polling with a deadline. */
final class KafkaClients {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final String bootstrapServers;

  KafkaClients(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  KafkaProducer<String, String> producer() {
    return producer(new StringSerializer(), Map.of());
  }

  <K> KafkaProducer<K, String> producer(Serializer<K> keySerializer, Map<String, Object> overrides) {
    Map<String, Object> config = new java.util.HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0));
    config.putAll(overrides);
    return new KafkaProducer<>(config, keySerializer, new StringSerializer());
  }

  KafkaProducer<byte[], String> binaryKeyProducer() {
    return producer(new ByteArraySerializer(), Map.of());
  }

  /** A consumer reading partition 0 of {@code topic} from the start; no group, so no rebalance wait. */
  KafkaConsumer<String, String> consumer(String topic) {
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(new TopicPartition(topic, 0)));
    return consumer;
  }

  /** Like {@link #consumer(String)} with binary keys. */
  KafkaConsumer<byte[], String> binaryKeyConsumer(String topic) {
    KafkaConsumer<byte[], String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new StringDeserializer());
    consumer.assign(List.of(new TopicPartition(topic, 0)));
    return consumer;
  }

  /** Polls until {@code count} records arrived, and returns them; fails after 30 s. */
  static <K, V> List<ConsumerRecord<K, V>> pollUntil(Consumer<K, V> consumer, int count) {
    List<ConsumerRecord<K, V>> all = new ArrayList<>();
    for (List<ConsumerRecord<K, V>> batch : pollBatches(consumer, count)) all.addAll(batch);
    return all;
  }

  /** Polls until {@code count} records arrived, and returns what each non-empty poll returned. */
  static <K, V> List<List<ConsumerRecord<K, V>>> pollBatches(Consumer<K, V> consumer, int count) {
    List<List<ConsumerRecord<K, V>>> batches = new ArrayList<>();
    int received = 0;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (received < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + DEADLINE + " for " + count + " records; got " + received);
      }
      List<ConsumerRecord<K, V>> batch = new ArrayList<>();
      consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
      if (batch.isEmpty()) continue;
      batches.add(batch);
      received += batch.size();
    }
    return batches;
  }

  /** Every header as "name=value", in order. */
  static List<String> list(Headers headers) {
    List<String> all = new ArrayList<>();
    for (Header header : headers) all.add(header.key() + "=" + new String(header.value(), UTF_8));
    return all;
  }

  static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }
}
