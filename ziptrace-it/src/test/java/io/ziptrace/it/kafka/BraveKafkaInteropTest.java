package io.ziptrace.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.examples.run.LocalKafka;
import io.ziptrace.kafka.KafkaTracing;
import io.ziptrace.kafka.TracingConsumer;
import io.ziptrace.kafka.TracingProducer;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ziptrace's Kafka tracing and Brave's ({@code brave-instrumentation-kafka-clients}) continue
 * each other's traces through a real broker: each side's CONSUMER span is the child of the other
 * side's PRODUCER span.
 */
class BraveKafkaInteropTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  static LocalKafka kafka;
  static final List<MutableSpan> braveSpans = new CopyOnWriteArrayList<>();
  static Tracing braveTracing;
  static brave.kafka.clients.KafkaTracing braveKafka;
  static final InMemoryReporter ziptraceSpans = new InMemoryReporter();
  static Tracer tracer;

  @BeforeAll
  static void start() throws Exception {
    kafka = LocalKafka.start();
    kafka.createTopic("brave-to-ziptrace", 1);
    kafka.createTopic("ziptrace-to-brave", 1);
    braveTracing = Tracing.newBuilder().localServiceName("brave-service").sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            braveSpans.add(span);
            return true;
          }
        }).build();
    braveKafka = brave.kafka.clients.KafkaTracing.create(braveTracing);
    tracer = Tracer.builder().localEndpoint(Endpoint.of("ziptrace-service")).reporter(ziptraceSpans).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tracer != null) tracer.close();
    if (braveTracing != null) braveTracing.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void braveProducer_ziptraceConsumer() throws Exception {
    try (Producer<String, String> producer = braveKafka.producer(producer())) {
      producer.send(new ProducerRecord<>("brave-to-ziptrace", "k", "v")).get(30, TimeUnit.SECONDS);
    }
    MutableSpan braveProducer = braveSpans.stream()
        .filter(s -> s.kind() == brave.Span.Kind.PRODUCER && "brave-to-ziptrace".equals(s.tag("kafka.topic")))
        .findFirst().orElseThrow();

    try (TracingConsumer<String, String> consumer = KafkaTracing.create(tracer).consumer(consumer("ziptrace"))) {
      consumer.subscribe(List.of("brave-to-ziptrace"));
      pollOne(consumer);
    }
    FinishedSpan consumerSpan = ziptraceSpans.await(spans -> spans.stream().anyMatch(s -> s.kind() == Kind.CONSUMER), DEADLINE)
        .stream().filter(s -> s.kind() == Kind.CONSUMER).findFirst().orElseThrow();

    assertThat(consumerSpan.context().traceIdString()).isEqualTo(braveProducer.traceId());
    assertThat(consumerSpan.context().parentIdString()).isEqualTo(braveProducer.id());
  }

  @Test
  void ziptraceProducer_braveConsumer() throws Exception {
    Span root = tracer.newTrace().name("root").start();
    try (TracingProducer<String, String> producer = KafkaTracing.create(tracer).producer(producer())) {
      producer.send(root.context(), new ProducerRecord<>("ziptrace-to-brave", "k", "v")).get(30, TimeUnit.SECONDS);
    }
    root.finish();
    FinishedSpan producerSpan = ziptraceSpans.await(spans -> spans.stream().anyMatch(s -> s.kind() == Kind.PRODUCER), DEADLINE)
        .stream().filter(s -> s.kind() == Kind.PRODUCER).findFirst().orElseThrow();

    try (Consumer<String, String> consumer = braveKafka.consumer(consumer("brave"))) {
      consumer.subscribe(List.of("ziptrace-to-brave"));
      pollOne(consumer);
    }
    MutableSpan braveConsumer = braveSpans.stream()
        .filter(s -> s.kind() == brave.Span.Kind.CONSUMER && "ziptrace-to-brave".equals(s.tag("kafka.topic")))
        .findFirst().orElseThrow();

    assertThat(braveConsumer.traceId()).isEqualTo(producerSpan.context().traceIdString());
    assertThat(braveConsumer.parentId()).isEqualTo(producerSpan.context().spanIdString());
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    return new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", group,
        "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer());
  }

  /** Polls until one record arrives; fails after the deadline. */
  private static ConsumerRecord<String, String> pollOne(Consumer<String, String> consumer) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    while (received.isEmpty() && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(500)).forEach(received::add);
    }
    assertThat(received).as("records polled within %s", DEADLINE).isNotEmpty();
    return received.get(0);
  }
}
