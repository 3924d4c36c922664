package io.ziptrace.kafka;

import static io.ziptrace.kafka.Records.b3;
import static io.ziptrace.kafka.Records.context;
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
import io.ziptrace.messaging.MessageSampler;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Baggage in record headers: written by the producer, read onto the consumer and processing spans. */
class KafkaBaggageTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("baggage-user-id");
  static final BaggageField TENANT = BaggageField.remote("tenant");
  static final BaggageField UNDECLARED = BaggageField.remote("secret");
  static final BaggageField LOCAL = BaggageField.local("request_start");
  static final TopicPartition ORDERS = new TopicPartition("orders", 0);

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("app")).reporter(spans)
      .baggageFields(USER_ID, TENANT, LOCAL).build();
  final KafkaTracing kafkaTracing = KafkaTracing.create(tracer);
  final MockProducer<String, String> producerMock = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  final MockConsumer<String, String> consumerMock = new MockConsumer<>("earliest");
  long offset;

  KafkaBaggageTest() {
    consumerMock.assign(List.of(ORDERS));
    consumerMock.updateBeginningOffsets(Map.of(ORDERS, 0L));
  }

  @AfterEach
  void noMisuse() {
    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  ProducerRecord<String, String> send(TraceContext parent, ProducerRecord<String, String> record) {
    kafkaTracing.producer(producerMock).send(parent, record);
    return producerMock.history().get(producerMock.history().size() - 1);
  }

  ConsumerRecords<String, String> poll(Headers... headers) {
    for (Headers h : headers) consumerMock.addRecord(received("orders", offset++, "k", h));
    return kafkaTracing.consumer(consumerMock).poll(Duration.ZERO);
  }

  @Test
  void the_producer_writes_the_declared_remote_fields_of_its_context() {
    TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "alice").withBaggage(TENANT, "acme")
        .withBaggage(UNDECLARED, "s3cr3t").withBaggage(LOCAL, "12:00");

    ProducerRecord<String, String> sent = send(parent, new ProducerRecord<>("orders", "v"));

    FinishedSpan producer = spans.spans().get(0);
    assertThat(list(sent.headers())).containsExactly("b3=" + b3(producer.context()), "baggage-user-id=alice",
        "baggage=tenant=acme");
  }

  @Test
  void a_record_sent_again_carries_each_baggage_header_once() {
    TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "alice").withBaggage(TENANT, "acme");
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "v");

    send(parent, record);
    ProducerRecord<String, String> again = send(parent.withBaggage(USER_ID, "bob"), record);
    ((RecordHeaders) record.headers()).setReadOnly(); // as KafkaProducer leaves them after a send
    ProducerRecord<String, String> copy = send(parent.withBaggage(USER_ID, "carol"), record);

    assertThat(list(again.headers())).filteredOn(h -> !h.startsWith("b3="))
        .containsExactly("baggage-user-id=bob", "baggage=tenant=acme");
    assertThat(list(copy.headers())).filteredOn(h -> !h.startsWith("b3="))
        .containsExactly("baggage-user-id=carol", "baggage=tenant=acme");
  }

  @Test
  void without_a_parent_only_the_declared_fields_of_the_records_headers_are_sent_on() {
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", null, (String) null, "v",
        headers("baggage", "user_id=alice,secret=s3cr3t", "other", "kept"));

    ProducerRecord<String, String> sent = send(null, record);

    assertThat(spans.spans().get(0).context().baggage()).containsOnly(Map.entry("user_id", "alice"));
    assertThat(list(sent.headers())).containsExactly("other=kept", "b3=" + b3(spans.spans().get(0).context()),
        "baggage-user-id=alice"); // with B3 alone, a value in its own header is not repeated in baggage
  }

  @Test
  void the_consumer_and_processing_spans_get_the_records_baggage() {
    TraceContext producer = context(0xaL, 0xbL, true);
    ConsumerRecords<String, String> records = poll(headers("b3", b3(producer), "baggage", "user_id=alice,secret=s3cr3t"));
    ConsumerRecord<String, String> record = records.iterator().next();
    Span processing = kafkaTracing.nextSpan(record);

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().baggage()).containsOnly(Map.entry("user_id", "alice"));
    assertThat(processing.context().parentId()).isEqualTo(consumer.context().spanId());
    assertThat(processing.context().baggage()).containsOnly(Map.entry("user_id", "alice"));
    assertThat(kafkaTracing.context(record).baggage(USER_ID)).isEqualTo("alice");
    // the trace headers are the consumer span's now; the baggage headers stay as they came
    assertThat(list(record.headers())).containsExactly("baggage=user_id=alice,secret=s3cr3t", "b3=" + b3(consumer.context()));
  }

  @Test
  void a_fields_own_header_is_read_too() {
    poll(headers("b3", b3(context(0xaL, 0xbL, true)), "baggage-user-id", "alice"));

    assertThat(spans.spans().get(0).context().baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void baggage_without_a_trace_context_starts_the_consumer_trace_with_it() {
    ConsumerRecords<String, String> records = poll(headers("baggage", "user_id=alice"));

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().parentId()).isZero();
    assertThat(consumer.context().baggage(USER_ID)).isEqualTo("alice");
    assertThat(kafkaTracing.nextSpan(records.iterator().next()).context().baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void records_without_context_but_with_different_baggage_get_their_own_consumer_spans() {
    poll(headers("baggage", "user_id=alice"), headers("baggage", "user_id=bob"), headers("baggage", "user_id=alice"));

    assertThat(spans.spans()).extracting(s -> s.context().baggage(USER_ID)).containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void a_topic_sampler_decision_keeps_the_baggage_of_a_record_without_context() {
    KafkaTracing sampled = KafkaTracing.builder(tracer).consumerSampler(MessageSampler.never("orders")).build();
    consumerMock.addRecord(received("orders", offset++, "k", headers("baggage", "user_id=alice")));

    ConsumerRecord<String, String> record = sampled.consumer(consumerMock).poll(Duration.ZERO).iterator().next();

    assertThat(spans.spans()).isEmpty();
    TraceContext consumer = sampled.context(record);
    assertThat(consumer.sampled()).isFalse();
    assertThat(consumer.baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void a_trace_id_only_header_keeps_the_baggage() {
    poll(headers("X-B3-TraceId", "463ac35c9f6413ad", "baggage", "user_id=alice"));

    FinishedSpan consumer = spans.spans().get(0);
    assertThat(consumer.context().traceIdString()).isEqualTo("463ac35c9f6413ad");
    assertThat(consumer.context().baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void a_tracer_without_baggage_fields_leaves_baggage_headers_alone() {
    KafkaTracing plain = KafkaTracing.create(Records.tracer(spans));
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", null, (String) null, "v", headers("baggage", "user_id=alice"));

    plain.producer(producerMock).send(record);

    assertThat(list(producerMock.history().get(0).headers())).first().isEqualTo("baggage=user_id=alice");
  }
}
