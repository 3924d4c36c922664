package io.ziptrace.kafka;

import static io.ziptrace.kafka.Records.b3;
import static io.ziptrace.kafka.Records.context;
import static io.ziptrace.kafka.Records.headers;
import static io.ziptrace.kafka.Records.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTracingTest {
  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Records.tracer(spans);
  final KafkaTracing kafkaTracing = KafkaTracing.create(tracer);

  @Test
  void nextSpan_is_a_child_of_the_consumer_span() {
    ConsumerRecord<String, String> record = pollOne(received("orders", 0, "k", headers("b3", b3(context(0xaL, 0xbL, true)))));
    TraceContext consumer = spans.spans().get(0).context();

    Span processing = kafkaTracing.nextSpan(record);

    assertThat(processing.context().traceId()).isEqualTo(0xaL);
    assertThat(processing.context().parentId()).isEqualTo(consumer.spanId());
    assertThat(spans.spans()).hasSize(1); // unstarted: the caller names, starts and finishes it
  }

  @Test
  void context_is_the_consumer_span_context_without_its_parent() {
    ConsumerRecord<String, String> record = pollOne(received("orders", 0, "k", headers("b3", b3(context(0xaL, 0xbL, true)))));
    TraceContext consumer = spans.spans().get(0).context();

    TraceContext context = kafkaTracing.context(record);

    assertThat(context.traceId()).isEqualTo(consumer.traceId());
    assertThat(context.spanId()).isEqualTo(consumer.spanId());
    assertThat(context.sampled()).isTrue();
  }

  @Test
  void without_context_nextSpan_starts_a_trace_tagged_with_the_topic_and_context_is_null() {
    ConsumerRecord<String, String> record = received("orders", 0, "order-1", headers());

    assertThat(kafkaTracing.context(record)).isNull();
    kafkaTracing.nextSpan(record).name("process").start().finish();

    assertThat(spans.spans()).singleElement().satisfies(span -> {
      assertThat(span.context().parentId()).isZero();
      assertThat(span.tags()).containsEntry("kafka.topic", "orders").containsEntry("kafka.key", "order-1");
    });
    assertThat(tracer.ignoredMisuseCount()).isZero(); // a record without context is no mistake
    assertThat(kafkaTracing.context(null)).isNull();
  }

  @Test
  void a_null_record_starts_a_new_trace_and_counts_misuse() {
    long before = tracer.ignoredMisuseCount();

    kafkaTracing.nextSpan(null).name("process").start().finish();

    assertThat(tracer.ignoredMisuseCount()).isEqualTo(before + 1);
    assertThat(spans.spans()).singleElement().satisfies(span -> {
      assertThat(span.name()).isEqualTo("process");
      assertThat(span.context().parentId()).isZero();
      assertThat(span.tags()).doesNotContainKey("kafka.topic");
    });
  }

  @Test
  void a_null_record_is_decided_by_the_sampler() {
    Tracer never = Tracer.builder().sampler(io.ziptrace.sampling.Sampler.NEVER).reporter(spans).build();

    assertThat(KafkaTracing.create(never).nextSpan(null).isNoop()).isTrue();
    assertThat(never.ignoredMisuseCount()).isEqualTo(1);
  }

  @Test
  void a_trace_goes_from_producer_to_consumer_to_processing() {
    MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    TraceContext request = tracer.newTrace().context();
    kafkaTracing.producer(producer).send(request, new ProducerRecord<>("orders", "k", "v"));
    ProducerRecord<String, String> sent = producer.history().get(0);

    ConsumerRecord<String, String> record = pollOne(received("orders", 0, "k", sent.headers()));
    Span processing = kafkaTracing.nextSpan(record).name("process").start();
    processing.finish();

    assertThat(spans.spans()).extracting(s -> s.context().traceId()).containsOnly(request.traceId());
    assertThat(spans.spans()).extracting(s -> s.name()).containsExactly("send", "poll", "process");
    assertThat(spans.spans().get(0).context().parentId()).isEqualTo(request.spanId());
    assertThat(spans.spans().get(1).context().parentId()).isEqualTo(spans.spans().get(0).context().spanId());
    assertThat(spans.spans().get(2).context().parentId()).isEqualTo(spans.spans().get(1).context().spanId());
  }

  ConsumerRecord<String, String> pollOne(ConsumerRecord<String, String> record) {
    MockConsumer<String, String> mock = new MockConsumer<>("earliest");
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    mock.assign(List.of(partition));
    mock.updateBeginningOffsets(Map.of(partition, 0L));
    mock.addRecord(record);
    return kafkaTracing.consumer(mock).poll(Duration.ZERO).iterator().next();
  }
}
