package io.ziptrace.kafka;

import static io.ziptrace.kafka.Records.b3;
import static io.ziptrace.kafka.Records.context;
import static io.ziptrace.kafka.Records.headers;
import static io.ziptrace.kafka.Records.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.messaging.MessageSampler;
import io.ziptrace.testing.InMemoryReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingProducerTest {
  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Records.tracer(spans);
  final MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
  final TracingProducer<String, String> producer = KafkaTracing.create(tracer).producer(mock);

  @AfterEach
  void noMisuse() {
    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  @Test
  void send_records_a_producer_span_named_send_tagged_with_topic_and_key() {
    producer.send(new ProducerRecord<>("orders", "order-1", "v"));
    mock.completeNext();

    FinishedSpan span = only();
    assertThat(span.name()).isEqualTo("send");
    assertThat(span.kind()).isEqualTo(Kind.PRODUCER);
    assertThat(span.remoteEndpoint()).isEqualTo(Endpoint.of("kafka"));
    assertThat(span.tags()).containsOnly(
        org.assertj.core.api.Assertions.entry("kafka.topic", "orders"),
        org.assertj.core.api.Assertions.entry("kafka.key", "order-1"));
  }

  @Test
  void a_null_or_empty_key_is_not_tagged() {
    producer.send(new ProducerRecord<>("orders", null, "v"));
    producer.send(new ProducerRecord<>("orders", "", "v"));
    mock.completeNext();
    mock.completeNext();

    assertThat(spans.spans()).hasSize(2).allSatisfy(span -> assertThat(span.tags()).containsOnlyKeys("kafka.topic"));
  }

  @Test
  void a_binary_key_is_not_tagged() {
    MockProducer<byte[], String> binary = new MockProducer<>(true, null, new ByteArraySerializer(), new StringSerializer());
    KafkaTracing.create(tracer).producer(binary).send(new ProducerRecord<>("orders", new byte[] {1, 2}, "v"));

    assertThat(only().tags()).containsOnlyKeys("kafka.topic");
  }

  @Test
  void the_remote_service_name_is_configurable() {
    TracingProducer<String, String> named = KafkaTracing.builder(tracer).remoteServiceName("events").build().producer(mock);
    named.send(new ProducerRecord<>("orders", "v"));
    mock.completeNext();

    assertThat(only().remoteEndpoint().serviceName()).isEqualTo("events");
  }

  @Test
  void injects_one_b3_header_with_the_span_context_next_to_other_headers() {
    ProducerRecord<String, String> record =
        new ProducerRecord<>("orders", null, "k", "v", headers("tenant", "acme", "baggage-user", "ann"));
    producer.send(record);
    mock.completeNext();

    TraceContext sent = only().context();
    assertThat(list(record.headers())).containsExactly("tenant=acme", "baggage-user=ann", "b3=" + b3(sent));
    assertThat(mock.history().get(0).headers().lastHeader("b3")).isNotNull();
  }

  @Test
  void an_explicit_parent_replaces_the_trace_headers_already_in_the_record() {
    TraceContext parent = context(0x1111L, 0x2222L, true);
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", null, "k", "v",
        headers("b3", "000000000000000a-000000000000000b-1", "X-B3-TraceId", "000000000000000a", "other", "x"));
    producer.send(parent, record);
    mock.completeNext();

    FinishedSpan span = only();
    assertThat(span.context().traceId()).isEqualTo(0x1111L);
    assertThat(span.context().parentId()).isEqualTo(0x2222L);
    assertThat(list(record.headers())).containsExactly("other=x", "b3=" + b3(span.context()));
  }

  @Test
  void without_an_explicit_parent_the_context_in_the_headers_is_the_parent() {
    ProducerRecord<String, String> record =
        new ProducerRecord<>("orders", null, "k", "v", headers("b3", "000000000000000a-000000000000000b-1"));
    producer.send(record);
    mock.completeNext();

    TraceContext context = only().context();
    assertThat(context.traceId()).isEqualTo(0xaL);
    assertThat(context.parentId()).isEqualTo(0xbL);
  }

  @Test
  void without_any_parent_the_span_starts_a_trace() {
    producer.send(null, new ProducerRecord<>("orders", "v"));
    mock.completeNext();

    assertThat(only().context().parentId()).isZero();
  }

  @Test
  void read_only_headers_never_fail_the_send() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", null, "k", "v", headers("other", "x"));
    ((RecordHeaders) record.headers()).setReadOnly(); // as KafkaProducer leaves them after a send

    Future<RecordMetadata> sent = producer.send(record);
    mock.completeNext();

    assertThat(sent.get().topic()).isEqualTo("orders");
    assertThat(list(record.headers())).containsExactly("other=x"); // left alone
    // a copy with its own headers was sent, carrying this send's context
    ProducerRecord<String, String> copy = mock.history().get(0);
    assertThat(copy).isNotSameAs(record);
    assertThat(copy.key()).isEqualTo("k");
    assertThat(copy.value()).isEqualTo("v");
    assertThat(list(copy.headers())).containsExactly("other=x", "b3=" + only().context().traceIdString() + "-"
        + only().context().spanIdString() + "-1");
    assertThat(only().name()).isEqualTo("send");
  }

  @Test
  void a_record_sent_again_carries_the_new_spans_context_not_the_first_ones() {
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "v");
    producer.send(record);
    ((RecordHeaders) record.headers()).setReadOnly(); // as KafkaProducer leaves them after a send
    producer.send(record);
    mock.completeNext();
    mock.completeNext();

    assertThat(spans.spans()).hasSize(2);
    String second = spans.spans().get(1).context().spanIdString();
    assertThat(new String(mock.history().get(1).headers().lastHeader("b3").value(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("-" + second + "-");
  }

  @Test
  void the_span_finishes_when_the_broker_acknowledges_and_before_the_callback_runs() {
    List<Integer> spansSeenByCallback = new ArrayList<>();
    producer.send(new ProducerRecord<>("orders", "v"), (metadata, e) -> spansSeenByCallback.add(spans.spans().size()));

    assertThat(spans.spans()).isEmpty(); // not acknowledged yet
    mock.completeNext();

    assertThat(spans.spans()).hasSize(1);
    assertThat(spansSeenByCallback).containsExactly(1);
    assertThat(only().tags()).doesNotContainKey("error");
  }

  @Test
  void a_failed_send_is_tagged_with_the_error_and_the_callback_still_runs() {
    List<Exception> seen = new ArrayList<>();
    Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("orders", "v"), (metadata, e) -> seen.add(e));
    mock.errorNext(new TimeoutException("broker gone"));

    assertThat(only().tag("error")).isEqualTo("broker gone");
    assertThat(seen).singleElement().isInstanceOf(TimeoutException.class);
    assertThatThrownBy(sent::get).isInstanceOf(ExecutionException.class);
  }

  @Test
  void a_callback_that_throws_leaves_one_finished_span() {
    producer.send(new ProducerRecord<>("orders", "v"), (metadata, e) -> {
      throw new IllegalStateException("user bug");
    });
    try {
      mock.completeNext();
    } catch (IllegalStateException expected) {
      // MockProducer passes the callback's exception on; KafkaProducer logs it
    }

    assertThat(only().tags()).doesNotContainKey("error");
  }

  @Test
  void an_exception_thrown_by_the_producer_finishes_the_span_with_it_and_is_rethrown() {
    mock.close();

    assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "v")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(only().tag("error")).contains("closed");
  }

  @Test
  void a_producer_sampler_that_says_never_sends_an_unsampled_b3_and_reports_nothing() {
    TracingProducer<String, String> never =
        KafkaTracing.builder(tracer).producerSampler(MessageSampler.never("audit")).build().producer(mock);
    ProducerRecord<String, String> audit = new ProducerRecord<>("audit", "v");
    ProducerRecord<String, String> orders = new ProducerRecord<>("orders", "v");
    never.send(audit);
    never.send(orders);
    mock.completeNext();
    mock.completeNext();

    assertThat(new String(audit.headers().lastHeader("b3").value())).endsWith("-0");
    assertThat(only().tag("kafka.topic")).isEqualTo("orders");
  }

  @Test
  void a_sampling_decision_in_the_parent_wins_over_the_topic_sampler() {
    TracingProducer<String, String> never =
        KafkaTracing.builder(tracer).producerSampler(topic -> MessageSampler.Decision.NEVER).build().producer(mock);
    never.send(context(1L, 2L, true), new ProducerRecord<>("orders", "v"));
    mock.completeNext();

    assertThat(only().context().traceId()).isEqualTo(1L);
  }

  @Test
  void a_topic_sampler_that_throws_defers_to_the_tracer() {
    TracingProducer<String, String> broken = KafkaTracing.builder(tracer)
        .producerSampler(topic -> {
          throw new IllegalStateException("broken sampler");
        })
        .build().producer(mock);
    broken.send(new ProducerRecord<>("orders", "v"));
    mock.completeNext();

    assertThat(spans.spans()).hasSize(1);
  }

  @Test
  void other_methods_are_delegated() {
    producer.flush();
    producer.close();

    assertThat(mock.flushed()).isTrue();
    assertThat(mock.closed()).isTrue();
  }

  FinishedSpan only() {
    assertThat(spans.spans()).hasSize(1);
    return spans.spans().get(0);
  }
}
