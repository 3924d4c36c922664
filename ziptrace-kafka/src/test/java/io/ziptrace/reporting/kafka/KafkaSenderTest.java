package io.ziptrace.reporting.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.kafka.KafkaSender.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaSenderTest {
  private static final byte[] MESSAGE = "[{\"traceId\":\"1\"}]".getBytes(StandardCharsets.UTF_8);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private Map<String, Object> properties;

  private KafkaSender sender(KafkaSender.Builder builder) {
    return builder.build(props -> {
      properties = props;
      return producer;
    });
  }

  @Test
  void writesOneRecordPerMessage_nullKey_noHeaders_toTheTopic() throws Exception {
    KafkaSender sender = sender(KafkaSender.builder("127.0.0.1:9092").topic("spans"));
    CompletableFuture<Void> sent = sendAsync(sender);
    awaitRecords(1);
    assertThat(sent).isNotDone(); // waits for the broker's acknowledgement
    producer.completeNext();
    sent.get(5, TimeUnit.SECONDS);

    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("spans");
    assertThat(record.key()).isNull();
    assertThat(record.value()).isEqualTo(MESSAGE);
    assertThat(record.headers().toArray()).isEmpty();
  }

  @Test
  void defaults_zipkinTopic_json_500kMessages_andMaxRequestSizeLeavesRoomForTheRecord() {
    KafkaSender sender = sender(KafkaSender.builder("127.0.0.1:9092"));
    assertThat(sender.topic()).isEqualTo("zipkin");
    assertThat(sender.encoding()).isEqualTo(Encoding.JSON);
    assertThat(sender.messageMaxBytes()).isEqualTo(500_000);
    assertThat(properties).containsEntry("max.request.size", 500_000 + KafkaSender.RECORD_OVERHEAD_BYTES)
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("max.block.ms", 10_000L)
        .containsEntry("delivery.timeout.ms", 10_000)
        .containsEntry("request.timeout.ms", 5_000);
    assertThat(sender.destination()).isEqualTo("Kafka topic zipkin at 127.0.0.1:9092");
  }

  @Test
  void messageMaxBytes_setsMaxRequestSize() {
    KafkaSender sender = sender(KafkaSender.builder("k:9092").messageMaxBytes(1_000_000));
    assertThat(sender.messageMaxBytes()).isEqualTo(1_000_000);
    assertThat(properties).containsEntry("max.request.size", 1_000_000 + KafkaSender.RECORD_OVERHEAD_BYTES);
  }

  @Test
  void maxRequestSizeAlone_setsTheMessageLimit() {
    KafkaSender sender = sender(KafkaSender.builder("k:9092").producerProperty("max.request.size", "200000"));
    assertThat(sender.messageMaxBytes()).isEqualTo(200_000 - KafkaSender.RECORD_OVERHEAD_BYTES);
  }

  @Test
  void limitsThatDisagree_areRefusedWithWhatToDo() {
    assertThatThrownBy(() -> KafkaSender.builder("k:9092").messageMaxBytes(500_000)
        .producerProperty("max.request.size", 400_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageMaxBytes 500000 does not fit in max.request.size 400000")
        .hasMessageContaining("raise it to " + (500_000 + KafkaSender.RECORD_OVERHEAD_BYTES));
    assertThatThrownBy(() -> KafkaSender.builder("k:9092").producerProperty("max.request.size", "lots").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a number of bytes");
  }

  @Test
  void sendTimeout_boundsKafkasTimeouts_unlessPropertiesSetThem() {
    sender(KafkaSender.builder("k:9092").sendTimeout(Duration.ofSeconds(4)).producerProperty("request.timeout.ms", 1500));
    assertThat(properties).containsEntry("max.block.ms", 4_000L).containsEntry("delivery.timeout.ms", 4_000)
        .containsEntry("request.timeout.ms", 1500);
  }

  @Test
  void theRealProducerAcceptsTheDerivedProperties() {
    try (KafkaSender sender = KafkaSender.builder("127.0.0.1:9092").sendTimeout(Duration.ofSeconds(3)).messageMaxBytes(100_000)
        .producerProperty("compression.type", "lz4").build()) {
      assertThat(sender.messageMaxBytes()).isEqualTo(100_000);
    }
  }

  @Test
  void theRealProducer_acceptsTheSettingsDerivedFromAnySendTimeout() {
    // KafkaProducer checks each setting's type (delivery.timeout.ms and request.timeout.ms are ints)
    // when it is created, without connecting
    for (Duration timeout : new Duration[] {Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofDays(365)}) {
      KafkaSender.builder("127.0.0.1:9092").sendTimeout(timeout).build().close();
    }
  }

  @Test
  void badConfiguration_isAClearError() {
    assertThatThrownBy(() -> KafkaSender.create(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrapServers is empty");
    assertThatThrownBy(() -> KafkaSender.create("no-port-here")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrapServers 'no-port-here': 'no-port-here' is not host:port; give host:port[,host:port...],"
            + " e.g. no-port-here:9092");
    assertThatThrownBy(() -> KafkaSender.create("http://kafka:9092")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrapServers 'http://kafka:9092' holds a URL: Kafka wants host:port[,host:port...], e.g. kafka:9092");
    assertThatThrownBy(() -> KafkaSender.create("kafka-1:9092,")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'' is not host:port");
    assertThat(KafkaSender.builder(" kafka-1:9092, [::1]:9093 ").build(props -> producer).destination())
        .isEqualTo("Kafka topic zipkin at kafka-1:9092, [::1]:9093");
  }

  @Test
  void aShortSecretKafkaQuotes_isHiddenToo() {
    // alone, so that no other refusal comes first
    assertThatThrownBy(() -> KafkaSender.builder("127.0.0.1:9092").producerProperty("ssl.key.password", 42).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value [hidden] for configuration ssl.key.password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("42"));
  }

  @Test
  void refusedConfiguration_neverShowsASecret() {
    String secret = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2-secret\";";
    assertThatThrownBy(() -> KafkaSender.builder("127.0.0.1:9092")
        .producerProperty("security.protocol", "SASL_PLAINTEXT")
        .producerProperty("sasl.mechanism", "NOT-A-MECHANISM")
        .producerProperty("sasl.jaas.config", secret)
        .producerProperty("ssl.key.password", 42) // a wrong type: Kafka quotes the value it refuses
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("42"))
        .hasNoCause();
  }

  @Test
  void recordTooLarge_splitsTheBatch_andIsCounted() throws Exception {
    SendException e = (SendException) failWith(new RecordTooLargeException("The message is 600000 bytes"));
    assertThat(e.decision()).isEqualTo(SendException.Decision.SPLIT);
    assertThat(e.isTooLarge()).isTrue();
    assertThat(e.getMessage()).contains("record too large for Kafka topic zipkin at 127.0.0.1:9092");
  }

  @Test
  void authorizationAndAuthenticationFailures_rejectTheBatch() throws Exception {
    SendException denied = (SendException) failWith(new TopicAuthorizationException("Not authorized to access topics: [zipkin]"));
    assertThat(denied.decision()).isEqualTo(SendException.Decision.REJECT);
    assertThat(denied.getMessage()).startsWith("not authorized to write to Kafka topic zipkin");
    SendException unauthenticated = (SendException) failWith(new SaslAuthenticationException("bad credentials"));
    assertThat(unauthenticated.decision()).isEqualTo(SendException.Decision.REJECT);
  }

  @Test
  void brokerUnavailableAndMissingTopic_areRetried_andCountedApart() throws Exception {
    KafkaSender sender = sender(KafkaSender.builder("127.0.0.1:9092"));
    IOException down = failWith(sender, new TimeoutException("Topic zipkin not present in metadata after 10000 ms."));
    IOException network = failWith(sender, new NetworkException("disconnected"));
    IOException missing = failWith(sender, new UnknownTopicOrPartitionException("This server does not host this topic-partition."));
    // Kafka's own words ("not present in metadata") would point at the topic: the broker was not reached
    assertThat(down).isNotInstanceOf(SendException.class).hasMessage("no broker answered at 127.0.0.1:9092 within 10 s (not connected to any)");
    assertThat(network).isNotInstanceOf(SendException.class);
    assertThat(missing).isNotInstanceOf(SendException.class).hasMessageContaining("topic zipkin does not exist");
    assertThat(sender.failures(Failure.BROKER_UNAVAILABLE)).isEqualTo(2);
    assertThat(sender.failures(Failure.TOPIC_MISSING)).isEqualTo(1);
    assertThat(sender.failures()).containsEntry(Failure.RECORD_TOO_LARGE, 0L).hasSize(Failure.values().length);
  }

  @Test
  void otherNonRetriableErrors_rejectTheBatch() throws Exception {
    SendException e = (SendException) failWith(new InvalidTopicException("bad name"));
    assertThat(e.decision()).isEqualTo(SendException.Decision.REJECT);
  }

  @Test
  void interruptedWhileTheProducerWaits_isAnInterruption_notARefusal() {
    KafkaSender sender = sender(KafkaSender.builder("127.0.0.1:9092"));
    producer.sendException = new org.apache.kafka.common.errors.InterruptException("waiting for metadata");
    try {
      assertThatThrownBy(() -> sender.send(MESSAGE, 1)).isInstanceOf(java.io.InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(sender.failures().values()).allMatch(count -> count == 0);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void producerThrowingOnSend_isMappedToo() {
    KafkaSender sender = sender(KafkaSender.builder("127.0.0.1:9092"));
    producer.sendException = new RecordTooLargeException("too large");
    assertThatThrownBy(() -> sender.send(MESSAGE, 1)).isInstanceOf(SendException.class)
        .extracting(e -> ((SendException) e).isTooLarge()).isEqualTo(true);
    assertThat(sender.failures(Failure.RECORD_TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void close_failsASendInFlight_andLaterSends_isIdempotent() throws Exception {
    KafkaSender sender = sender(KafkaSender.builder("127.0.0.1:9092"));
    CompletableFuture<Void> sent = sendAsync(sender);
    awaitRecords(1);
    sender.close();
    sender.close();
    assertThat(producer.closed()).isTrue();
    producer.errorNext(new IllegalStateException("Producer is closed forcefully."));
    assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
        .cause().hasMessage("sender is closed: Kafka topic zipkin at 127.0.0.1:9092");
    assertThatThrownBy(() -> sender.send(MESSAGE, 1)).isInstanceOf(IOException.class).hasMessageContaining("sender is closed");
    assertThat(sender.failures().values()).allMatch(count -> count == 0);
  }

  private IOException failWith(RuntimeException error) throws Exception {
    return failWith(sender(KafkaSender.builder("127.0.0.1:9092")), error);
  }

  private IOException failWith(KafkaSender sender, RuntimeException error) throws Exception {
    int before = producer.history().size();
    CompletableFuture<Void> sent = sendAsync(sender);
    awaitRecords(before + 1);
    producer.errorNext(error);
    try {
      sent.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(IOException.class);
      return (IOException) e.getCause();
    }
    throw new AssertionError("the send did not fail");
  }

  private static CompletableFuture<Void> sendAsync(KafkaSender sender) {
    return CompletableFuture.runAsync(() -> {
      try {
        sender.send(MESSAGE, 1);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    });
  }

  private void awaitRecords(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (producer.history().size() < count) {
      if (System.nanoTime() > deadline) throw new AssertionError("no record was sent");
      Thread.sleep(5); // polling a test double that has no completion signal
    }
  }
}
