package io.ziptrace.it.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.kafka.client.common.KafkaClientOptions;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Vert.x Kafka clients of String records for one broker, as an application creates them. */
public final class VertxKafka {
  private VertxKafka() {}

  /** A producer that waits for every replica; its tracing policy is the client's default, PROPAGATE. */
  public static KafkaProducer<String, String> producer(Vertx vertx, String bootstrapServers) {
    return producer(vertx, bootstrapServers, null);
  }

  /** A producer with {@code policy}, or the client's default when null. */
  public static KafkaProducer<String, String> producer(Vertx vertx, String bootstrapServers, TracingPolicy policy) {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0");
    return KafkaProducer.create(vertx,
        new org.apache.kafka.clients.producer.KafkaProducer<>(config, new StringSerializer(), new StringSerializer()),
        options(config, true, policy));
  }

  /**
   * A consumer of partition 0 of {@code topic} from its start, without a group (no rebalance to
   * wait for); its tracing policy is the client's default, PROPAGATE, unless {@code policy} says
   * otherwise. Call {@link KafkaConsumer#handler} and then {@link #assign}.
   */
  public static KafkaConsumer<String, String> consumer(Vertx vertx, String bootstrapServers, TracingPolicy policy) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return KafkaConsumer.create(vertx,
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()),
        options(config, false, policy));
  }

  /** Starts reading partition 0 of {@code topic}. */
  public static void assign(KafkaConsumer<String, String> consumer, String topic) throws Exception {
    VertxApps.await(consumer.assign(new TopicPartition(topic, 0)));
  }

  private static KafkaClientOptions options(Map<String, Object> config, boolean producer, TracingPolicy policy) {
    KafkaClientOptions options = KafkaClientOptions.fromMap(config, producer);
    return policy == null ? options : options.setTracingPolicy(policy);
  }
}
