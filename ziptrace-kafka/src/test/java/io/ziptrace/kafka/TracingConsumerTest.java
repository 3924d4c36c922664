package io.ziptrace.kafka;

import static io.ziptrace.kafka.Records.b3;
import static io.ziptrace.kafka.Records.context;
import static io.ziptrace.kafka.Records.headers;
import static io.ziptrace.kafka.Records.list;
import static io.ziptrace.kafka.Records.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.messaging.MessageSampler;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingConsumerTest {
  static final TopicPartition ORDERS = new TopicPartition("orders", 0);
  static final TopicPartition PAYMENTS = new TopicPartition("payments", 0);

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Records.tracer(spans);
  final MockConsumer<String, String> mock = new MockConsumer<>("earliest");
  long offset;

  TracingConsumerTest() {
    mock.assign(List.of(ORDERS, PAYMENTS));
    mock.updateBeginningOffsets(Map.of(ORDERS, 0L, PAYMENTS, 0L));
  }

  @AfterEach
  void noMisuse() {
    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  @Test
  void poll_creates_one_consumer_span_per_incoming_context_continuing_its_trace() {
    TraceContext first = context(0xaL, 0xbL, true);
    TraceContext second = context(0xcL, 0xdL, true);
    add("orders", headers("b3", b3(first)));
    add("orders", headers("b3", b3(second)));
    add("orders", headers("b3", b3(first))); // the same context again: the same span
    add("payments", headers("b3", b3(first))); // but another topic: another span

    poll(KafkaTracing.create(tracer));

    assertThat(spans.spans()).hasSize(3).allSatisfy(span -> {
      assertThat(span.name()).isEqualTo("poll");
      assertThat(span.kind()).isEqualTo(Kind.CONSUMER);
      assertThat(span.remoteEndpoint()).isEqualTo(Endpoint.of("kafka"));
    });
    assertThat(spans.spans()).extracting(s -> s.context().traceId() + "/" + s.context().parentId() + "/" + s.tag("kafka.topic"))
        .containsExactlyInAnyOrder("10/11/orders", "12/13/orders", "10/11/payments");
  }

  @Test
  void records_without_context_share_one_consumer_span_per_topic() {
    add("orders", headers());
    add("orders", headers());
    add("payments", headers());

    ConsumerRecords<String, String> records = poll(KafkaTracing.create(tracer));

    assertThat(spans.spans()).hasSize(2).allSatisfy(span -> assertThat(span.context().parentId()).isZero());
    assertThat(spans.spans()).extracting(s -> s.tag("kafka.topic")).containsExactlyInAnyOrder("orders", "payments");
    String orders = header(records.records(ORDERS).get(0).headers(), "b3");
    assertThat(header(records.records(ORDERS).get(1).headers(), "b3")).isEqualTo(orders);
    assertThat(header(records.records(PAYMENTS).get(0).headers(), "b3")).isNotEqualTo(orders);
  }

  @Test
  void records_without_context_get_a_span_each_when_configured() {
    add("orders", headers());
    add("orders", headers());
    add("payments", headers());

    poll(KafkaTracing.builder(tracer).singleRootSpanOnReceiveBatch(false).build());

    assertThat(spans.spans()).hasSize(3).extracting(s -> s.context().traceId()).doesNotHaveDuplicates();
  }

  @Test
  void trace_headers_are_replaced_by_the_consumer_span_context_other_headers_and_baggage_kept() {
    TraceContext producer = context(0xaL, 0xbL, true);
    add("orders", headers("X-B3-TraceId", "000000000000000a", "X-B3-SpanId", "000000000000000b", "X-B3-Sampled", "1",
        "baggage-user", "ann", "b3", b3(producer), "tenant", "acme", "X-B3-ParentSpanId", "0000000000000009"));

    ConsumerRecords<String, String> records = poll(KafkaTracing.create(tracer));

    TraceContext consumer = spans.spans().get(0).context();
    assertThat(list(records.iterator().next().headers()))
        .containsExactly("baggage-user=ann", "tenant=acme", "b3=" + b3(consumer));
  }

  @Test
  void brave_multi_headers_are_read() {
    add("orders", headers("X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124", "X-B3-SpanId", "a2fb4a1d1a96d312",
        "X-B3-Sampled", "1"));

    poll(KafkaTracing.create(tracer));

    TraceContext consumer = spans.spans().get(0).context();
    assertThat(consumer.traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(consumer.parentIdString()).isEqualTo("a2fb4a1d1a96d312");
  }

  @Test
  void continues_a_trace_when_only_the_trace_id_is_propagated() {
    add("orders", headers("X-B3-TraceId", "000000000000000a"));

    ConsumerRecords<String, String> records = poll(KafkaTracing.create(tracer));

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().traceId()).isEqualTo(0xaL);
    assertThat(consumer.context().parentId()).isEqualTo(0xaL); // the trace's root span, by convention
    assertThat(KafkaTracing.create(tracer).nextSpan(records.iterator().next()).context().traceId()).isEqualTo(0xaL);
  }

  @Test
  void a_malformed_b3_header_counts_as_no_context() {
    add("orders", headers("b3", "not-a-b3-header"));
    ConsumerRecord<String, String> binary = received("orders", offset++, "k", headers());
    binary.headers().add("b3", new byte[] {(byte) 0xff, 0, (byte) 0xfe});
    mock.addRecord(binary);

    ConsumerRecords<String, String> records = poll(KafkaTracing.create(tracer));

    FinishedSpan span = spans.spans().get(0);
    assertThat(spans.spans()).hasSize(1);
    assertThat(span.context().parentId()).isZero();
    assertThat(records).allSatisfy(r -> assertThat(list(r.headers())).containsExactly("b3=" + b3(span.context())));
  }

  @Test
  void a_consumer_sampler_that_says_never_injects_an_unsampled_b3_and_reports_nothing() {
    add("orders", headers());
    add("orders", headers("b3", b3(context(0xaL, 0xbL, null)))); // undecided: the topic sampler decides

    ConsumerRecords<String, String> records =
        poll(KafkaTracing.builder(tracer).consumerSampler(MessageSampler.never("orders")).build());

    assertThat(spans.spans()).isEmpty();
    assertThat(records).hasSize(2).allSatisfy(r -> assertThat(header(r.headers(), "b3")).endsWith("-0"));
  }

  @Test
  void an_incoming_unsampled_decision_is_kept() {
    add("orders", headers("b3", b3(context(0xaL, 0xbL, false))));

    ConsumerRecords<String, String> records = poll(KafkaTracing.create(tracer));

    assertThat(spans.spans()).isEmpty();
    assertThat(header(records.iterator().next().headers(), "b3")).startsWith("000000000000000a-").endsWith("-0");
  }

  @Test
  void read_only_headers_never_fail_the_poll() {
    Headers readOnly = headers("tenant", "acme");
    ((org.apache.kafka.common.header.internals.RecordHeaders) readOnly).setReadOnly();
    add("orders", readOnly);

    ConsumerRecords<String, String> records = poll(KafkaTracing.create(tracer));

    assertThat(records).hasSize(1);
    assertThat(list(records.iterator().next().headers())).containsExactly("tenant=acme");
    assertThat(spans.spans()).hasSize(1);
  }

  @Test
  void an_empty_poll_records_nothing() {
    poll(KafkaTracing.create(tracer));

    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void other_methods_are_delegated() {
    Consumer<String, String> consumer = KafkaTracing.create(tracer).consumer(mock);

    assertThat(consumer.assignment()).containsExactlyInAnyOrder(ORDERS, PAYMENTS);
    consumer.close();
    assertThat(mock.closed()).isTrue();
  }

  void add(String topic, Headers headers) {
    mock.addRecord(received(topic, offset++, "k", headers));
  }

  ConsumerRecords<String, String> poll(KafkaTracing kafkaTracing) {
    return kafkaTracing.consumer(mock).poll(Duration.ZERO);
  }

  static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
