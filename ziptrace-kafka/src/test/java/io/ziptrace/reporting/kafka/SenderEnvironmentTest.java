package io.ziptrace.reporting.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.internal.OperatorSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class SenderEnvironmentTest {
  final Map<String, String> properties = new HashMap<>();
  final Map<String, String> environment = new HashMap<>();
  final SenderEnvironment settings = new SenderEnvironment(new OperatorSettings(properties::get, environment::get));
  final List<String> logged = new ArrayList<>();

  KafkaSender.Builder builder() {
    return settings.builder(logged::add);
  }

  static KafkaSender build(KafkaSender.Builder builder) {
    return builder.build(props -> new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  @Test
  void zipkinsVariableAlone_andTheDefaultTopic() {
    environment.put("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092");
    KafkaSender.Builder builder = builder();

    assertThat(builder.producerProperties()).containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
    assertThat(build(builder).topic()).isEqualTo(KafkaSender.DEFAULT_TOPIC).isEqualTo("zipkin");
    assertThat(logged).containsExactly("ziptrace: reporting to Kafka topic zipkin (default) at kafka-1:9092,kafka-2:9092"
        + " (environment variable KAFKA_BOOTSTRAP_SERVERS)");
  }

  @Test
  void thePropertyWinsOverOurVariableWhichWinsOverZipkins() {
    environment.put("KAFKA_BOOTSTRAP_SERVERS", "zipkins:9092");
    environment.put("ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS", "ours:9092");
    assertThat(builder().producerProperties()).containsEntry("bootstrap.servers", "ours:9092");

    properties.put("ziptrace.kafka.bootstrap.servers", "property:9092");
    assertThat(builder().producerProperties()).containsEntry("bootstrap.servers", "property:9092");
    assertThat(logged).last().asString().endsWith("at property:9092 (system property ziptrace.kafka.bootstrap.servers)");
  }

  @Test
  void theTopicFromThePropertyThenTheVariable() {
    environment.put("KAFKA_BOOTSTRAP_SERVERS", "k:9092");
    environment.put("ZIPTRACE_KAFKA_TOPIC", "spans-env");
    assertThat(build(builder()).topic()).isEqualTo("spans-env");
    assertThat(logged).last().asString()
        .isEqualTo("ziptrace: reporting to Kafka topic spans-env (environment variable ZIPTRACE_KAFKA_TOPIC) at k:9092"
            + " (environment variable KAFKA_BOOTSTRAP_SERVERS)");

    properties.put("ziptrace.kafka.topic", "spans-prop");
    assertThat(build(builder()).topic()).isEqualTo("spans-prop");
  }

  @Test
  void valuesAreTrimmedAndBlankOnesCountAsUnset() {
    properties.put("ziptrace.kafka.bootstrap.servers", "  ");
    environment.put("ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS", "\t");
    environment.put("KAFKA_BOOTSTRAP_SERVERS", " k:9092 ");
    properties.put("ziptrace.kafka.topic", " ");
    environment.put("ZIPTRACE_KAFKA_TOPIC", " spans\n");

    KafkaSender.Builder builder = builder();

    assertThat(builder.producerProperties()).containsEntry("bootstrap.servers", "k:9092");
    assertThat(build(builder).topic()).isEqualTo("spans");
  }

  @Test
  void noServersAnywhereSaysWhatToSet() {
    environment.put("KAFKA_BOOTSTRAP_SERVERS", " ");
    assertThatThrownBy(this::builder).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no Kafka bootstrap servers to send spans to: set the system property ziptrace.kafka.bootstrap.servers"
            + " or the environment variable ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS (or KAFKA_BOOTSTRAP_SERVERS) to"
            + " host:port[,host:port...], e.g. kafka-1:9092,kafka-2:9092");
    assertThat(logged).isEmpty();
  }

  @Test
  void badServersNameTheSettingAtFault() {
    environment.put("ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS", "http://kafka:9092");
    assertThatThrownBy(this::builder).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS: bootstrapServers 'http://kafka:9092' holds a URL:"
            + " Kafka wants host:port[,host:port...], e.g. kafka:9092");
    properties.put("ziptrace.kafka.bootstrap.servers", "kafka");
    assertThatThrownBy(this::builder)
        .hasMessageStartingWith("system property ziptrace.kafka.bootstrap.servers: bootstrapServers 'kafka': 'kafka' is not"
            + " host:port");
    assertThat(logged).isEmpty();
  }

  @Test
  void theCallerAddsTheRest() {
    environment.put("KAFKA_BOOTSTRAP_SERVERS", "k:9092");
    KafkaSender sender = build(builder().encoding(Encoding.PROTO3).producerProperty("compression.type", "zstd"));
    assertThat(sender.encoding()).isEqualTo(Encoding.PROTO3);
    assertThat(sender.destination()).isEqualTo("Kafka topic zipkin at k:9092");
  }

  @Test
  void builderFromEnvironment_readsTheRealPropertiesAndEnvironment() {
    assumeTrue(System.getProperty("ziptrace.kafka.bootstrap.servers") == null
        && System.getenv("ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS") == null && System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null,
        "bootstrap servers are set in this process");
    assertThatThrownBy(KafkaSender::builderFromEnvironment).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no Kafka bootstrap servers to send spans to");
  }
}
