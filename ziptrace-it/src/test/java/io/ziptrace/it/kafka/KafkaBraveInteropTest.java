package io.ziptrace.it.kafka;

import static io.ziptrace.it.kafka.KafkaClients.header;
import static io.ziptrace.it.kafka.KafkaClients.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.it.http.BravePeer;
import io.ziptrace.kafka.KafkaTracing;
import io.ziptrace.kafka.TracingProducer;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.zipkin.Zipkin;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Brave 6's Kafka instrumentation and ziptrace's continue each other's traces through a real
 * broker, in both directions, and Zipkin stores one trace whose CONSUMER span is the child of
 * the PRODUCER span.
 */
class KafkaBraveInteropTest {
  static LocalKafka kafka;
  static KafkaClients clients;
  final ZipkinServer zipkin = ZipkinServer.shared();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = LocalKafka.start();
    clients = new KafkaClients(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) kafka.close();
  }

  @Test
  void braveProducerToZiptraceConsumer(TestInfo test) throws Exception {
    String topic = topic(test);
    String traceId;
    try (BravePeer peer = new BravePeer("kafka-brave-producer", zipkin.spansUrl());
        Tracer ziptrace = Zipkin.tracer(zipkin.spansUrl(), Endpoint.of("kafka-ziptrace-consumer"), 1.0);
        Producer<String, String> producer =
            brave.kafka.clients.KafkaTracing.create(peer.tracing).producer(clients.producer())) {
      producer.send(new ProducerRecord<>(topic, "k", "from brave")).get(10, TimeUnit.SECONDS);

      KafkaTracing kafkaTracing = KafkaTracing.create(ziptrace);
      try (Consumer<String, String> consumer = kafkaTracing.consumer(clients.consumer(topic))) {
        ConsumerRecord<String, String> record = pollUntil(consumer, 1).get(0);
        Span processing = kafkaTracing.nextSpan(record).name("process").start();
        processing.finish();
        traceId = processing.context().traceIdString();
      }
    }

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 3);
    assertOneTraceProducerToConsumer(trace, "kafka-brave-producer", "kafka-ziptrace-consumer");
  }

  @Test
  void ziptraceProducerToBraveConsumer(TestInfo test) throws Exception {
    String topic = topic(test);
    String traceId;
    try (BravePeer peer = new BravePeer("kafka-brave-consumer", zipkin.spansUrl());
        Tracer ziptrace = Zipkin.tracer(zipkin.spansUrl(), Endpoint.of("kafka-ziptrace-producer"), 1.0);
        TracingProducer<String, String> producer = KafkaTracing.create(ziptrace).producer(clients.producer())) {
      Span request = ziptrace.newTrace().name("request").start();
      traceId = request.context().traceIdString();
      producer.send(request.context(), new ProducerRecord<>(topic, "k", "from ziptrace")).get(10, TimeUnit.SECONDS);
      request.finish();

      brave.kafka.clients.KafkaTracing braveKafka = brave.kafka.clients.KafkaTracing.create(peer.tracing);
      try (Consumer<String, String> consumer = braveKafka.consumer(clients.consumer(topic))) {
        ConsumerRecord<String, String> record = pollUntil(consumer, 1).get(0);
        assertThat(header(record.headers(), "b3")).startsWith(traceId + "-");
        braveKafka.nextSpan(record).name("process").start().finish();
      }
    }

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 4);
    assertOneTraceProducerToConsumer(trace, "kafka-ziptrace-producer", "kafka-brave-consumer");
  }

  /** One trace; its CONSUMER span (the consumer's service) is the child of its PRODUCER span (the producer's). */
  static void assertOneTraceProducerToConsumer(List<zipkin2.Span> trace, String producerService, String consumerService) {
    assertThat(trace).extracting(zipkin2.Span::traceId).containsOnly(trace.get(0).traceId());
    zipkin2.Span producer = only(trace, zipkin2.Span.Kind.PRODUCER);
    zipkin2.Span consumer = only(trace, zipkin2.Span.Kind.CONSUMER);
    zipkin2.Span processing = trace.stream().filter(s -> "process".equals(s.name())).findFirst().orElseThrow();
    assertThat(producer.localServiceName()).isEqualTo(producerService);
    assertThat(consumer.localServiceName()).isEqualTo(consumerService);
    assertThat(producer.name()).isEqualTo("send");
    assertThat(consumer.name()).isEqualTo("poll");
    assertThat(consumer.parentId()).isEqualTo(producer.id());
    assertThat(processing.parentId()).isEqualTo(consumer.id());
    assertThat(producer.remoteServiceName()).isEqualTo("kafka");
    assertThat(consumer.remoteServiceName()).isEqualTo("kafka");
  }

  static zipkin2.Span only(List<zipkin2.Span> trace, zipkin2.Span.Kind kind) {
    List<zipkin2.Span> matching = trace.stream().filter(s -> s.kind() == kind).toList();
    assertThat(matching).as(kind + " spans in " + trace).hasSize(1);
    return matching.get(0);
  }

  static String topic(TestInfo test) throws Exception {
    String topic = test.getTestMethod().orElseThrow().getName();
    kafka.createTopic(topic, 1);
    return topic;
  }
}
