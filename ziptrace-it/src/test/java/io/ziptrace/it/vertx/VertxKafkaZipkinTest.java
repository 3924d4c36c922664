package io.ziptrace.it.vertx;

import static io.ziptrace.it.vertx.VertxApps.await;
import static io.ziptrace.it.vertx.VertxApps.listen;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.tracing.zipkin.ZipkinTracerFactory;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.it.http.BravePeer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import zipkin2.Span;
import zipkin2.Span.Kind;

/**
 * Records sent and received with Vert.x's own Kafka client through a real broker, as Zipkin
 * stores them: a ziptrace-traced Vert.x producer and consumer, and each with the other side
 * traced by Brave (its kafka-clients instrumentation, and Vert.x's own Zipkin tracer), make one
 * trace.
 */
class VertxKafkaZipkinTest {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  final ZipkinServer zipkin = ZipkinServer.shared();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
  }

  @Test
  void producerToConsumerToHttpCallIsOneTrace(TestInfo test) throws Exception {
    String topic = kafka.topic(test);
    Vertx producing = traced("vertx-kafka-producer");
    Vertx consuming = traced("vertx-kafka-consumer");
    KafkaProducer<String, String> producer = closing(VertxKafka.producer(producing, kafka.bootstrapServers()));
    int port = listen(producing, request -> producer.send(KafkaProducerRecord.create(topic, "k", "hello"))
        .onComplete(sent -> request.response().setStatusCode(sent.succeeded() ? 202 : 500).end()));
    int downstream = listen(consuming, request -> request.response().end("ok"));
    WebClient client = WebClient.create(consuming);
    CompletableFuture<String> handled = new CompletableFuture<>();
    KafkaConsumer<String, String> consumer = closing(VertxKafka.consumer(consuming, kafka.bootstrapServers(), null));
    consumer.handler(record -> client.get(downstream, "127.0.0.1", "/downstream").send()
        .onComplete(response -> handled.complete(record.value())));
    VertxKafka.assign(consumer, topic);
    IncomingB3 b3 = IncomingB3.random();

    Vertx untraced = vertx(Vertx.vertx());
    assertThat(await(b3.on(WebClient.create(untraced).get(port, "127.0.0.1", "/")).send()).statusCode())
        .isEqualTo(202);
    assertThat(handled.get(30, TimeUnit.SECONDS)).isEqualTo("hello");

    // SERVER -> PRODUCER send -> CONSUMER receive -> CLIENT (and the downstream SERVER sharing its id)
    List<Span> trace = zipkin.awaitTrace(b3.traceId(), 5);
    assertThat(trace).hasSize(5).extracting(Span::traceId).containsOnly(b3.traceId());
    Span entry = only(trace, "vertx-kafka-producer", Kind.SERVER);
    Span send = only(trace, "vertx-kafka-producer", Kind.PRODUCER);
    Span receive = only(trace, "vertx-kafka-consumer", Kind.CONSUMER);
    Span call = only(trace, "vertx-kafka-consumer", Kind.CLIENT);
    Span served = only(trace, "vertx-kafka-consumer", Kind.SERVER);
    assertThat(send.parentId()).isEqualTo(entry.id());
    assertThat(receive.parentId()).isEqualTo(send.id());
    assertThat(call.parentId()).isEqualTo(receive.id());
    assertThat(served.id()).isEqualTo(call.id()); // B3 servers join their client's span
    assertThat(served.shared()).isTrue();
    assertThat(send.name()).isEqualTo("send");
    assertThat(receive.name()).isEqualTo("receive");
    for (Span span : List.of(send, receive)) {
      assertThat(span.remoteServiceName()).isEqualTo("kafka");
      assertThat(span.tags()).containsEntry("kafka.topic", topic);
    }
  }

  @Test
  void ziptraceVertxProducerToBraveKafkaConsumerIsOneTrace(TestInfo test) throws Exception {
    String topic = kafka.topic(test);
    Vertx producing = traced("vertx-kafka-producer");
    KafkaProducer<String, String> producer = closing(VertxKafka.producer(producing, kafka.bootstrapServers()));
    int port = listen(producing, request -> producer.send(KafkaProducerRecord.create(topic, "k", "hello"))
        .onComplete(sent -> request.response().setStatusCode(sent.succeeded() ? 202 : 500).end()));
    IncomingB3 b3 = IncomingB3.random();
    Vertx untraced = vertx(Vertx.vertx());
    assertThat(await(b3.on(WebClient.create(untraced).get(port, "127.0.0.1", "/")).send()).statusCode())
        .isEqualTo(202);

    BravePeer peer = closing(new BravePeer("brave-kafka-consumer", zipkin.spansUrl()));
    brave.kafka.clients.KafkaTracing braveKafka = brave.kafka.clients.KafkaTracing.create(peer.tracing);
    try (Consumer<String, String> consumer = braveKafka.consumer(nativeConsumer(topic))) {
      ConsumerRecord<String, String> record = pollOne(consumer);
      assertThat(new String(record.headers().lastHeader("b3").value(), UTF_8)).startsWith(b3.traceId() + "-");
      braveKafka.nextSpan(record).name("process").start().finish();
    }

    // SERVER -> PRODUCER send -> Brave's CONSUMER poll -> process
    List<Span> trace = zipkin.awaitTrace(b3.traceId(), 4);
    assertThat(trace).hasSize(4).extracting(Span::traceId).containsOnly(b3.traceId());
    Span send = only(trace, "vertx-kafka-producer", Kind.PRODUCER);
    Span poll = only(trace, "brave-kafka-consumer", Kind.CONSUMER);
    assertThat(send.parentId()).isEqualTo(only(trace, "vertx-kafka-producer", Kind.SERVER).id());
    assertThat(poll.parentId()).isEqualTo(send.id());
    assertThat(poll.remoteServiceName()).isEqualTo("kafka");
    assertThat(poll.tags()).containsEntry("kafka.topic", topic);
  }

  @Test
  void vertxZipkinProducerToZiptraceVertxConsumerIsOneTrace(TestInfo test) throws Exception {
    String topic = kafka.topic(test);
    BravePeer peer = closing(new BravePeer("vertx-zipkin-producer", zipkin.spansUrl()));
    Vertx producing = vertx(Vertx.builder().withTracer(new ZipkinTracerFactory(peer.tracing)).build());
    // Outside any request, only ALWAYS starts a trace.
    KafkaProducer<String, String> producer =
        closing(VertxKafka.producer(producing, kafka.bootstrapServers(), TracingPolicy.ALWAYS));
    await(producer.send(KafkaProducerRecord.create(topic, "k", "hello")));

    Vertx consuming = traced("vertx-kafka-consumer");
    CompletableFuture<String> traceId = new CompletableFuture<>();
    KafkaConsumer<String, String> consumer = closing(VertxKafka.consumer(consuming, kafka.bootstrapServers(), null));
    consumer.handler(record ->
        traceId.complete(VertxTracing.span(Vertx.currentContext()).context().traceIdString()));
    VertxKafka.assign(consumer, topic);

    // vertx-zipkin's PRODUCER kafka_send -> ziptrace's CONSUMER receive
    List<Span> trace = zipkin.awaitTrace(traceId.get(30, TimeUnit.SECONDS), 2);
    assertThat(trace).hasSize(2);
    Span send = only(trace, "vertx-zipkin-producer", Kind.PRODUCER);
    Span receive = only(trace, "vertx-kafka-consumer", Kind.CONSUMER);
    assertThat(send.name()).isEqualTo("kafka_send");
    assertThat(receive.parentId()).isEqualTo(send.id());
    assertThat(receive.tags()).containsEntry("kafka.topic", topic);
  }

  private Vertx traced(String serviceName) {
    Tracer tracer = closing(Tracer.builder().localEndpoint(Endpoint.of(serviceName))
        .reporter(AsyncReporter.create(HttpSender.create(zipkin.spansUrl()))).build());
    return vertx(Vertx.builder().withTracer(VertxTracing.create(tracer)).build());
  }

  private Vertx vertx(Vertx vertx) {
    closeables.add(() -> await(vertx.close()));
    return vertx;
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  private KafkaProducer<String, String> closing(KafkaProducer<String, String> producer) {
    closeables.add(() -> await(producer.close()));
    return producer;
  }

  private KafkaConsumer<String, String> closing(KafkaConsumer<String, String> consumer) {
    closeables.add(() -> await(consumer.close()));
    return consumer;
  }

  private static org.apache.kafka.clients.consumer.KafkaConsumer<String, String> nativeConsumer(String topic) {
    org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(new TopicPartition(topic, 0)));
    return consumer;
  }

  private static ConsumerRecord<String, String> pollOne(Consumer<String, String> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) return record;
    }
    throw new AssertionError("no record within 30 s");
  }

  private static Span only(List<Span> trace, String service, Kind kind) {
    List<Span> matching = trace.stream()
        .filter(s -> s.kind() == kind && service.equals(s.localServiceName())).toList();
    assertThat(matching).as("%s %s in %s", service, kind, trace).hasSize(1);
    return matching.get(0);
  }
}
