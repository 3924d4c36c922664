package io.ziptrace.kafka;

import static io.ziptrace.kafka.Records.b3;
import static io.ziptrace.kafka.Records.headers;
import static io.ziptrace.kafka.Records.list;
import static io.ziptrace.kafka.Records.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A W3C {@code tracestate} in record headers: written beside {@code b3} as {@code traceparent} and
 * {@code tracestate} only for a trace that has one, and read back when the {@code traceparent}
 * names the same span as {@code b3}.
 */
class KafkaTraceStateTest {
  static final String STATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
  static final BaggageField USER_ID = BaggageField.remote("user_id");
  static final TopicPartition ORDERS = new TopicPartition("orders", 0);

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("app")).reporter(spans).traceId128Bit(true)
      .baggageFields(USER_ID).build();
  final KafkaTracing kafkaTracing = KafkaTracing.create(tracer);
  final MockProducer<String, String> producerMock = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  final MockConsumer<String, String> consumerMock = new MockConsumer<>("earliest");
  long offset;

  KafkaTraceStateTest() {
    consumerMock.assign(List.of(ORDERS));
    consumerMock.updateBeginningOffsets(Map.of(ORDERS, 0L));
  }

  @AfterEach
  void noMisuse() {
    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  /** A context with a tracestate, as a server span continuing an OpenTelemetry client's trace has. */
  /** A trace as one started by a W3C Level 2 tracer comes: with a tracestate and the random-trace-id flag. */
  TraceContext withState() {
    return tracer.newTrace().context().toBuilder().traceState(STATE).randomTraceId(true).build();
  }

  static String traceparent(TraceContext context) {
    return "00-" + context.traceIdString() + "-" + context.spanIdString() + (context.isSampled() ? "-03" : "-02");
  }

  ProducerRecord<String, String> send(TraceContext parent, ProducerRecord<String, String> record) {
    kafkaTracing.producer(producerMock).send(parent, record);
    return producerMock.history().get(producerMock.history().size() - 1);
  }

  ConsumerRecord<String, String> pollOne(Headers headers) {
    consumerMock.addRecord(received("orders", offset++, "k", headers));
    return kafkaTracing.consumer(consumerMock).poll(Duration.ZERO).iterator().next();
  }

  @Test
  void a_context_with_tracestate_writes_traceparent_and_tracestate_beside_b3() {
    ProducerRecord<String, String> sent = send(withState(), new ProducerRecord<>("orders", "v"));

    TraceContext producer = spans.spans().get(0).context();
    assertThat(producer.traceState()).isEqualTo(STATE);
    assertThat(list(sent.headers())).containsExactly("b3=" + b3(producer), "traceparent=" + traceparent(producer),
        "tracestate=" + STATE);
  }

  @Test
  void a_context_without_tracestate_writes_b3_alone_as_before() {
    ProducerRecord<String, String> plain = send(tracer.newTrace().context(), new ProducerRecord<>("orders", "v"));
    ProducerRecord<String, String> withBaggage =
        send(tracer.newTrace().context().withBaggage(USER_ID, "alice"), new ProducerRecord<>("orders", "v"));

    assertThat(list(plain.headers())).containsExactly("b3=" + b3(spans.spans().get(0).context()));
    assertThat(list(withBaggage.headers())).containsExactly("b3=" + b3(spans.spans().get(1).context()),
        "baggage=user_id=alice");
  }

  @Test
  void a_record_sent_again_carries_the_w3c_headers_once_and_not_for_a_trace_without_tracestate() {
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "v");

    ProducerRecord<String, String> first = send(withState(), record);
    assertThat(list(first.headers())).hasSize(3);
    ((RecordHeaders) record.headers()).setReadOnly(); // as KafkaProducer leaves them after a send
    ProducerRecord<String, String> again = send(tracer.newTrace().context(), record);

    assertThat(list(again.headers())).containsExactly("b3=" + b3(spans.spans().get(1).context()));
  }

  @Test
  void the_consumer_and_processing_spans_keep_the_tracestate_of_a_traceparent_naming_the_b3_span() {
    TraceContext producer = withState().toBuilder().sampled(true).build();
    ConsumerRecord<String, String> record = pollOne(headers("b3", b3(producer), "traceparent", traceparent(producer),
        "tracestate", STATE));
    Span processing = kafkaTracing.nextSpan(record);

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().parentId()).isEqualTo(producer.spanId());
    assertThat(consumer.context().traceState()).isEqualTo(STATE);
    assertThat(consumer.context().randomTraceId()).isTrue();
    assertThat(processing.context().parentId()).isEqualTo(consumer.context().spanId());
    assertThat(processing.context().traceState()).isEqualTo(STATE);
    assertThat(kafkaTracing.context(record).traceState()).isEqualTo(STATE);
    // the trace headers are the consumer span's now, the W3C ones included
    assertThat(list(record.headers())).containsExactly("b3=" + b3(consumer.context()),
        "traceparent=" + traceparent(consumer.context()), "tracestate=" + STATE);
  }

  @Test
  void a_traceparent_naming_another_span_is_ignored_and_cleared() {
    TraceContext producer = withState().toBuilder().sampled(true).build();
    TraceContext stale = producer.toBuilder().spanId(producer.spanId() + 1).build();
    ConsumerRecord<String, String> record = pollOne(headers("b3", b3(producer), "traceparent", traceparent(stale),
        "tracestate", STATE, "other", "kept"));

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().parentId()).isEqualTo(producer.spanId());
    assertThat(consumer.context().traceState()).isNull();
    assertThat(list(record.headers())).containsExactly("other=kept", "b3=" + b3(consumer.context()));
  }

  @Test
  void an_invalid_tracestate_is_dropped_and_the_b3_context_kept() {
    TraceContext producer = withState().toBuilder().sampled(true).build();
    pollOne(headers("b3", b3(producer), "traceparent", traceparent(producer), "tracestate", "rojo=1,=broken"));

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().parentId()).isEqualTo(producer.spanId());
    assertThat(consumer.context().traceState()).isNull();
  }

  @Test
  void without_b3_a_traceparent_is_not_read() {
    TraceContext producer = withState().toBuilder().sampled(true).build();
    pollOne(headers("traceparent", traceparent(producer), "tracestate", STATE));

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().traceIdString()).isNotEqualTo(producer.traceIdString());
    assertThat(consumer.context().traceState()).isNull();
  }

  @Test
  void without_a_parent_the_producer_continues_the_records_tracestate() {
    TraceContext upstream = withState().toBuilder().sampled(true).build();
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", null, (String) null, "v",
        headers("b3", b3(upstream), "traceparent", traceparent(upstream), "tracestate", STATE));

    ProducerRecord<String, String> sent = send(null, record);

    TraceContext producer = spans.spans().get(0).context();
    assertThat(producer.parentId()).isEqualTo(upstream.spanId());
    assertThat(producer.traceState()).isEqualTo(STATE);
    assertThat(list(sent.headers())).containsExactly("b3=" + b3(producer), "traceparent=" + traceparent(producer),
        "tracestate=" + STATE);
  }
}
