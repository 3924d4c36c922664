package io.ziptrace.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.examples.kafka.KafkaDemo;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.reporting.kafka.KafkaSender;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.DependencyLink;
import zipkin2.Span;

/**
 * The Kafka demo against a real broker and a real Zipkin reading spans from it: a request to
 * {@code order-service} → Kafka → {@code fulfillment-service} → HTTP → {@code inventory-service}
 * is one trace, linked span by span, whose spans all reached Zipkin through Kafka, and which
 * Zipkin draws as service → kafka → service.
 */
class KafkaChainZipkinTest {
  static LocalKafka kafka;
  static ZipkinServer zipkin;
  static String traceId;
  static List<Span> trace;

  @BeforeAll
  static void sendOneRequestThroughTheDemo() throws Exception {
    kafka = LocalKafka.start();
    kafka.createTopic(KafkaSender.DEFAULT_TOPIC, 1);
    kafka.createTopic(KafkaDemo.ORDERS_TOPIC, 1);
    zipkin = ZipkinServer.withKafkaCollector(kafka.bootstrapServers());
    zipkin.start();
    String bootstrap = kafka.bootstrapServers();
    try (KafkaDemo demo = KafkaDemo.start(bootstrap, KafkaDemo.tracersThroughKafka(bootstrap), zipkin.baseUrl())) {
      traceId = demo.sendRequest();
      // The consumer side runs after the answer: wait for it before closing the services.
      trace = zipkin.awaitTrace(traceId, KafkaDemo.SPANS_PER_REQUEST);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (zipkin != null) zipkin.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void theChainIsOneTrace_linkedProducerConsumerProcessingHttp() {
    assertThat(trace).hasSize(KafkaDemo.SPANS_PER_REQUEST).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));
    Span front = only(s -> s.kind() == Span.Kind.SERVER && s.localServiceName().equals(KafkaDemo.ORDER_SERVICE));
    Span producer = only(s -> s.kind() == Span.Kind.PRODUCER);
    Span consumer = only(s -> s.kind() == Span.Kind.CONSUMER);
    Span fulfil = only(s -> KafkaDemo.FULFIL_SPAN.equals(s.name()));
    Span client = only(s -> s.kind() == Span.Kind.CLIENT);
    Span inventory = only(s -> s.kind() == Span.Kind.SERVER && s.localServiceName().equals(KafkaDemo.INVENTORY_SERVICE));

    assertThat(front.parentId()).isNull();
    assertThat(producer.parentId()).isEqualTo(front.id());
    assertThat(producer.localServiceName()).isEqualTo(KafkaDemo.ORDER_SERVICE);
    assertThat(consumer.parentId()).isEqualTo(producer.id());
    assertThat(consumer.localServiceName()).isEqualTo(KafkaDemo.FULFILLMENT_SERVICE);
    assertThat(fulfil.parentId()).isEqualTo(consumer.id());
    assertThat(fulfil.localServiceName()).isEqualTo(KafkaDemo.FULFILLMENT_SERVICE);
    assertThat(fulfil.kind()).isNull();
    assertThat(client.parentId()).isEqualTo(fulfil.id());
    assertThat(client.localServiceName()).isEqualTo(KafkaDemo.FULFILLMENT_SERVICE);
    // The HTTP server joins the client's span: same id, shared.
    assertThat(inventory.id()).isEqualTo(client.id());
    assertThat(inventory.shared()).isTrue();
    assertThat(inventory.tags()).containsEntry("http.status_code", "200");
  }

  @Test
  void producerAndConsumerSpans_nameKafkaAsTheirRemoteService_andTheTopic() {
    for (Span.Kind kind : new Span.Kind[] {Span.Kind.PRODUCER, Span.Kind.CONSUMER}) {
      Span span = only(s -> s.kind() == kind);
      assertThat(span.remoteServiceName()).as("%s span", kind).isEqualTo(KafkaDemo.KAFKA_SERVICE);
      assertThat(span.tags()).as("%s span", kind).containsEntry("kafka.topic", KafkaDemo.ORDERS_TOPIC);
    }
  }

  @Test
  void everySpanReachedZipkinThroughKafka_noneOverHttp() {
    assertThat(zipkin.spansCollectedFromKafka()).isGreaterThanOrEqualTo(KafkaDemo.SPANS_PER_REQUEST);
    assertThat(zipkin.spansCollected()).isZero();
  }

  @Test
  void dependencyLinks_serviceToKafkaToService_andTheHttpCall() {
    List<String> expected = List.of(
        KafkaDemo.ORDER_SERVICE + "->" + KafkaDemo.KAFKA_SERVICE,
        KafkaDemo.KAFKA_SERVICE + "->" + KafkaDemo.FULFILLMENT_SERVICE,
        KafkaDemo.FULFILLMENT_SERVICE + "->" + KafkaDemo.INVENTORY_SERVICE);
    List<DependencyLink> links = ZipkinServer.await(zipkin::dependencies,
        l -> names(l).containsAll(expected), "dependency links " + expected);

    assertThat(names(links)).containsAll(expected);
  }

  private static List<String> names(List<DependencyLink> links) {
    return links.stream().map(l -> l.parent() + "->" + l.child()).collect(Collectors.toList());
  }

  private static Span only(Predicate<Span> which) {
    List<Span> matching = trace.stream().filter(which).collect(Collectors.toList());
    assertThat(matching).as("spans matching in %s", trace).hasSize(1);
    return matching.get(0);
  }
}
