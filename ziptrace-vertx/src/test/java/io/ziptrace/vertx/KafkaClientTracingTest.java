package io.ziptrace.vertx;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.KafkaClientOptions;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Vert.x's own Kafka client against a real in-process broker, traced into memory. */
class KafkaClientTracingTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static LocalKafka kafka;

  /** What the record handler saw: the record and the span {@link VertxTracing#span} gave it. */
  record Handled(KafkaConsumerRecord<String, String> record, Span span) {}

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-app")).reporter(spans).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
  final LinkedBlockingQueue<Handled> handled = new LinkedBlockingQueue<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = LocalKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) kafka.close();
  }

  @AfterEach
  void close() throws Exception {
    VertxTracingTest.await(vertx.close());
  }

  @Test
  void aRecordSentFromATracedContextIsReceivedAsTheChildOfItsProducerSpan_onTheHandlersContext(TestInfo test)
      throws Exception {
    String topic = topic(test);
    TraceContext parent = tracer.newTrace().context();

    VertxTracingTest.await(VertxTracing.withParent(vertx, parent,
        () -> producer().send(KafkaProducerRecord.create(topic, "k", "v"))));
    Handled received = consume(topic);

    List<FinishedSpan> reported = spans.awaitCount(2, WAIT);
    FinishedSpan send = only(reported, Kind.PRODUCER);
    FinishedSpan receive = only(reported, Kind.CONSUMER);
    assertThat(send.context().parentId()).isEqualTo(parent.spanId());
    assertThat(receive.context().parentId()).isEqualTo(send.context().spanId());
    assertThat(received.span().context().spanId()).isEqualTo(receive.context().spanId());
    assertThat(received.record().headers()).singleElement().satisfies(header -> {
      assertThat(header.key()).isEqualTo("b3");
      assertThat(header.value().toString(UTF_8))
          .isEqualTo(send.context().traceIdString() + "-" + send.context().spanIdString() + "-1");
    });
    for (FinishedSpan span : List.of(send, receive)) {
      assertThat(span.tags()).containsOnly(Map.entry(KafkaClientTracing.TOPIC_TAG, topic));
      assertThat(span.remoteEndpoint().serviceName()).isEqualTo("kafka");
    }
  }

  @Test
  void aRecordSentAndReceivedOutsideAnyTraceIsNotTracedUnderTheClientsDefaultPolicy(TestInfo test) throws Exception {
    String topic = topic(test);

    VertxTracingTest.await(producer().send(KafkaProducerRecord.create(topic, "k", "v")));
    Handled received = consume(topic);

    assertThat(received.record().headers()).isEmpty();
    assertThat(received.span().isNoop()).isTrue();
    assertThat(spans.spans()).isEmpty();
  }

  private KafkaProducer<String, String> producer() {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return KafkaProducer.create(vertx,
        new org.apache.kafka.clients.producer.KafkaProducer<>(config, new StringSerializer(), new StringSerializer()),
        KafkaClientOptions.fromMap(config, true));
  }

  /** Starts a consumer of {@code topic} and returns the first record its handler saw. */
  private Handled consume(String topic) throws Exception {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx,
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()),
        KafkaClientOptions.fromMap(config, false));
    consumer.handler(record -> handled.add(new Handled(record, VertxTracing.span(Vertx.currentContext()))));
    VertxTracingTest.await(consumer.assign(new TopicPartition(topic, 0)));
    Handled first = handled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(first).as("a record within %s", WAIT).isNotNull();
    return first;
  }

  private static FinishedSpan only(List<FinishedSpan> spans, Kind kind) {
    List<FinishedSpan> matching = spans.stream().filter(s -> s.kind() == kind).toList();
    assertThat(matching).as("%s spans in %s", kind, spans).hasSize(1);
    return matching.get(0);
  }

  private static String topic(TestInfo test) throws Exception {
    String topic = test.getTestMethod().orElseThrow().getName();
    kafka.createTopic(topic, 1);
    return topic;
  }
}
