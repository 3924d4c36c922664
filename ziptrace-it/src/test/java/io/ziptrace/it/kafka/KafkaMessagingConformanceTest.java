package io.ziptrace.it.kafka;

import static io.ziptrace.it.kafka.KafkaClients.header;
import static io.ziptrace.it.kafka.KafkaClients.list;
import static io.ziptrace.it.kafka.KafkaClients.pollBatches;
import static io.ziptrace.it.kafka.KafkaClients.pollUntil;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.kafka.KafkaTracing;
import io.ziptrace.kafka.TracingProducer;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.messaging.MessageSampler;
import io.ziptrace.propagation.MapHeaders;
import io.ziptrace.propagation.TraceparentPropagation;
import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.zipkin.Zipkin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import zipkin2.DependencyLink;

/**
 * {@code conformance/messaging.md} against a real broker: ziptrace-wrapped KafkaProducer and
 * KafkaConsumer, spans checked exactly in memory, and once in a real Zipkin for the dependency
 * links. Brave's test names are given in comments.
 */
class KafkaMessagingConformanceTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("baggage-user-id");
  static final BaggageField UNDECLARED = BaggageField.remote("secret");
  static final BaggageField LOCAL = BaggageField.local("request_start");
  static LocalKafka kafka;
  static KafkaClients clients;

  final InMemoryReporter producerSpans = new InMemoryReporter();
  final InMemoryReporter consumerSpans = new InMemoryReporter();
  final Tracer producerTracer = Tracer.builder().localEndpoint(Endpoint.of("producer-app")).reporter(producerSpans).build();
  final Tracer consumerTracer = Tracer.builder().localEndpoint(Endpoint.of("consumer-app")).reporter(consumerSpans).build();
  final List<AutoCloseable> toClose = new ArrayList<>();
  String topic;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = LocalKafka.start();
    clients = new KafkaClients(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) kafka.close();
  }

  @BeforeEach
  void createTopic(TestInfo test) throws Exception {
    topic = test.getTestMethod().orElseThrow().getName();
    kafka.createTopic(topic, 1);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) c.close();
    assertThat(producerTracer.ignoredMisuseCount()).isZero();
    assertThat(consumerTracer.ignoredMisuseCount()).isZero();
  }

  // --- Producer ---

  @Test // send_should_set_name, send_should_tag_topic_and_key
  void producer_span_is_named_send_with_remote_service_kafka_and_tags_topic_and_key() throws Exception {
    producer(KafkaTracing.create(producerTracer)).send(new ProducerRecord<>(topic, "order-1", "v")).get();

    FinishedSpan span = awaitOne(producerSpans);
    assertThat(span.name()).isEqualTo("send");
    assertThat(span.kind()).isEqualTo(Kind.PRODUCER);
    assertThat(span.remoteEndpoint().serviceName()).isEqualTo("kafka");
    assertThat(span.tags()).containsOnly(entry("kafka.topic", topic), entry("kafka.key", "order-1"));
  }

  @Test // send_shouldnt_tag_null_key, send_shouldnt_tag_binary_key
  void producer_span_does_not_tag_null_or_binary_keys() throws Exception {
    KafkaTracing kafkaTracing = KafkaTracing.create(producerTracer);
    producer(kafkaTracing).send(new ProducerRecord<>(topic, null, "v")).get();
    TracingProducer<byte[], String> binary = closing(kafkaTracing.producer(clients.binaryKeyProducer()));
    binary.send(new ProducerRecord<>(topic, new byte[] {1, 2, 3}, "v")).get();

    assertThat(producerSpans.awaitCount(2, WAIT)).hasSize(2)
        .allSatisfy(span -> assertThat(span.tags()).containsOnlyKeys("kafka.topic"));
  }

  @Test // should_add_b3_headers_to_records, should_add_b3_headers_when_other_headers_exist
  void producer_span_context_travels_as_one_b3_header_next_to_other_headers() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "k", "v");
    record.headers().add("tenant", "acme".getBytes(UTF_8));
    producer(KafkaTracing.create(producerTracer)).send(record).get();

    ConsumerRecord<String, String> received = pollUntil(closing(clients.consumer(topic)), 1).get(0);
    TraceContext sent = awaitOne(producerSpans).context();
    assertThat(list(received.headers()))
        .containsExactly("tenant=acme", "b3=" + sent.traceIdString() + "-" + sent.spanIdString() + "-1");
  }

  @Test // should_not_error_if_headers_are_read_only
  void read_only_headers_never_fail_the_send() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "k", "v");
    closing(clients.producer()).send(record).get(); // KafkaProducer leaves the headers read-only

    RecordMetadata resent = producer(KafkaTracing.create(producerTracer)).send(record).get();

    assertThat(resent.offset()).isEqualTo(1L);
    TraceContext sent = awaitOne(producerSpans).context();
    List<ConsumerRecord<String, String>> received = pollUntil(closing(clients.consumer(topic)), 2);
    assertThat(received).hasSize(2);
    // sent as a copy with its own headers, so it carries this send's context
    assertThat(list(received.get(1).headers()))
        .containsExactly("b3=" + sent.traceIdString() + "-" + sent.spanIdString() + "-1");
  }

  @Test // should_inject_child_context
  void producer_span_is_a_child_of_the_context_passed() throws Exception {
    TraceContext parent = producerTracer.newTrace().context();
    producer(KafkaTracing.create(producerTracer)).send(parent, new ProducerRecord<>(topic, "v")).get();

    TraceContext span = awaitOne(producerSpans).context();
    assertThat(span.traceIdString()).isEqualTo(parent.traceIdString());
    assertThat(span.parentId()).isEqualTo(parent.spanId());
  }

  @Test // should_add_parent_trace_when_context_injected_on_headers
  void without_a_parent_passed_the_context_in_the_headers_is_the_parent() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "v");
    record.headers().add("b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-1".getBytes(UTF_8));
    producer(KafkaTracing.create(producerTracer)).send(record).get();

    TraceContext span = awaitOne(producerSpans).context();
    assertThat(span.traceIdString()).isEqualTo("463ac35c9f6413ad");
    assertThat(span.parentIdString()).isEqualTo("a2fb4a1d1a96d312");
  }

  @Test // on_completion_should_finish_span, on_completion_should_forward_then_finish_span
  void producer_span_finishes_when_acknowledged_and_before_the_callback_runs() throws Exception {
    List<Integer> spansWhenCalledBack = new CopyOnWriteArrayList<>();
    List<RecordMetadata> acknowledged = new CopyOnWriteArrayList<>();
    producer(KafkaTracing.create(producerTracer)).send(new ProducerRecord<>(topic, "v"), (metadata, e) -> {
      spansWhenCalledBack.add(producerSpans.spans().size());
      acknowledged.add(metadata);
    }).get();

    FinishedSpan span = awaitOne(producerSpans);
    assertThat(spansWhenCalledBack).containsExactly(1);
    assertThat(acknowledged).singleElement().extracting(RecordMetadata::offset).isEqualTo(0L);
    assertThat(span.tags()).doesNotContainKey("error");
    assertThat(span.duration()).isPositive();
  }

  @Test // on_completion_should_tag_if_exception
  void a_failed_send_is_tagged_with_the_error_and_the_callback_still_runs_after() throws Exception {
    KafkaProducer<String, String> small = clients.producer(new StringSerializer(), Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024));
    TracingProducer<String, String> producer = closing(KafkaTracing.create(producerTracer).producer(small));
    List<Exception> failures = new CopyOnWriteArrayList<>();
    List<Integer> spansWhenCalledBack = new CopyOnWriteArrayList<>();

    producer.send(new ProducerRecord<>(topic, "x".repeat(4096)), (metadata, e) -> {
      spansWhenCalledBack.add(producerSpans.spans().size());
      failures.add(e);
    });

    FinishedSpan span = awaitOne(producerSpans);
    assertThat(span.tag("error")).contains("1024");
    ZipkinServer.await(() -> failures, f -> !f.isEmpty(), "the callback");
    assertThat(failures).singleElement().isInstanceOf(RecordTooLargeException.class);
    assertThat(spansWhenCalledBack).containsExactly(1);
  }

  @Test // customSampler_producer
  void a_producer_sampler_saying_never_sends_an_unsampled_b3_and_reports_nothing() throws Exception {
    KafkaTracing never = KafkaTracing.builder(producerTracer).producerSampler(MessageSampler.never(topic)).build();
    producer(never).send(new ProducerRecord<>(topic, "v")).get();
    Consumer<String, String> consumer = consumer(KafkaTracing.create(consumerTracer));

    ConsumerRecord<String, String> received = pollUntil(consumer, 1).get(0);

    assertThat(header(received.headers(), "b3")).endsWith("-0"); // the consumer continued the decision
    assertThat(producerSpans.spans()).isEmpty();
    assertThat(consumerSpans.spans()).isEmpty();
  }

  // --- Consumer ---

  @Test // poll_creates_one_consumer_span_per_extracted_context
  void poll_creates_one_consumer_span_per_incoming_context_continuing_each_producer_trace() throws Exception {
    TracingProducer<String, String> producer = producer(KafkaTracing.create(producerTracer));
    producer.send(new ProducerRecord<>(topic, "a")).get();
    producer.send(new ProducerRecord<>(topic, "b")).get();
    List<FinishedSpan> sends = producerSpans.awaitCount(2, WAIT);

    pollUntil(consumer(KafkaTracing.create(consumerTracer)), 2);

    List<FinishedSpan> polls = consumerSpans.spans();
    assertThat(polls).hasSize(2).allSatisfy(poll -> {
      assertThat(poll.name()).isEqualTo("poll");
      assertThat(poll.kind()).isEqualTo(Kind.CONSUMER);
      assertThat(poll.tag("kafka.topic")).isEqualTo(topic);
      assertThat(poll.remoteEndpoint().serviceName()).isEqualTo("kafka");
    });
    for (FinishedSpan send : sends) {
      assertThat(polls).filteredOn(poll -> poll.context().parentId() == send.context().spanId())
          .singleElement().extracting(poll -> poll.context().traceId()).isEqualTo(send.context().traceId());
    }
  }

  @Test // poll_creates_one_consumer_span_per_topic
  void records_without_context_share_one_consumer_span_per_topic_per_poll() throws Exception {
    sendUntraced(3);

    List<List<ConsumerRecord<String, String>>> batches = pollBatches(consumer(KafkaTracing.create(consumerTracer)), 3);

    assertThat(consumerSpans.spans()).hasSize(batches.size())
        .allSatisfy(span -> assertThat(span.context().parentId()).isZero());
    for (List<ConsumerRecord<String, String>> batch : batches) {
      assertThat(batch).extracting(r -> header(r.headers(), "b3")).containsOnly(header(batch.get(0).headers(), "b3"));
    }
  }

  @Test // should_create_individual_span_per_topic_record_when_singleRootSpanOnReceiveBatch_false
  void records_without_context_get_a_consumer_span_each_when_configured() throws Exception {
    sendUntraced(3);

    List<ConsumerRecord<String, String>> records =
        pollUntil(consumer(KafkaTracing.builder(consumerTracer).singleRootSpanOnReceiveBatch(false).build()), 3);

    assertThat(consumerSpans.spans()).hasSize(3).extracting(s -> s.context().traceId()).doesNotHaveDuplicates();
    assertThat(records).extracting(r -> header(r.headers(), "b3")).doesNotHaveDuplicates();
  }

  @Test // nextSpan_makes_child
  void processing_span_is_a_child_of_the_consumer_span() throws Exception {
    producer(KafkaTracing.create(producerTracer)).send(new ProducerRecord<>(topic, "v")).get();
    KafkaTracing kafkaTracing = KafkaTracing.create(consumerTracer);

    ConsumerRecord<String, String> record = pollUntil(consumer(kafkaTracing), 1).get(0);
    Span processing = kafkaTracing.nextSpan(record).name("process").start();
    processing.finish();

    FinishedSpan poll = consumerSpans.spans().get(0);
    assertThat(kafkaTracing.context(record).spanId()).isEqualTo(poll.context().spanId());
    assertThat(processing.context().parentId()).isEqualTo(poll.context().spanId());
    assertThat(processing.context().traceId()).isEqualTo(awaitOne(producerSpans).context().traceId());
  }

  @Test // continues_a_trace_when_only_trace_id_propagated
  void a_trace_id_only_header_still_joins_the_trace() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "v");
    record.headers().add("X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124".getBytes(UTF_8));
    closing(clients.producer()).send(record).get();
    KafkaTracing kafkaTracing = KafkaTracing.create(consumerTracer);

    ConsumerRecord<String, String> received = pollUntil(consumer(kafkaTracing), 1).get(0);

    assertThat(awaitOne(consumerSpans).context().traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(kafkaTracing.nextSpan(received).context().traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
  }

  @Test // nextSpan_should_clear_propagation_headers, nextSpan_should_retain_baggage_headers,
        // nextSpan_should_not_clear_other_headers
  void trace_headers_are_replaced_by_the_consumer_span_context_and_other_headers_kept() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "v");
    record.headers()
        .add("X-B3-TraceId", "463ac35c9f6413ad".getBytes(UTF_8))
        .add("X-B3-SpanId", "a2fb4a1d1a96d312".getBytes(UTF_8))
        .add("X-B3-Sampled", "1".getBytes(UTF_8))
        .add("baggage-country-code", "FO".getBytes(UTF_8))
        .add("tenant", "acme".getBytes(UTF_8));
    closing(clients.producer()).send(record).get();

    ConsumerRecord<String, String> received = pollUntil(consumer(KafkaTracing.create(consumerTracer)), 1).get(0);

    TraceContext poll = awaitOne(consumerSpans).context();
    assertThat(poll.parentIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(list(received.headers())).containsExactly("baggage-country-code=FO", "tenant=acme",
        "b3=463ac35c9f6413ad-" + poll.spanIdString() + "-1");
  }

  @Test // customSampler_consumer
  void a_consumer_sampler_saying_never_injects_an_unsampled_b3_and_reports_nothing() throws Exception {
    sendUntraced(1);

    ConsumerRecord<String, String> received = pollUntil(
        consumer(KafkaTracing.builder(consumerTracer).consumerSampler(MessageSampler.never(topic)).build()), 1).get(0);

    assertThat(header(received.headers(), "b3")).endsWith("-0");
    assertThat(consumerSpans.spans()).isEmpty();
  }

  // --- Baggage ---

  @Test
  void a_declared_baggage_field_travels_to_the_consumer_and_processing_spans_and_an_undeclared_key_is_not_sent()
      throws Exception {
    Tracer producerApp = Tracer.builder().localEndpoint(Endpoint.of("producer-app")).reporter(producerSpans)
        .baggageFields(USER_ID, LOCAL).build();
    Tracer consumerApp = Tracer.builder().localEndpoint(Endpoint.of("consumer-app")).reporter(consumerSpans)
        .baggageFields(USER_ID).build();
    TraceContext parent = producerApp.newTrace().context().withBaggage(USER_ID, "alice")
        .withBaggage(UNDECLARED, "s3cr3t").withBaggage(LOCAL, "12:00");
    producer(KafkaTracing.create(producerApp)).send(parent, new ProducerRecord<>(topic, "v")).get();
    KafkaTracing kafkaTracing = KafkaTracing.create(consumerApp);

    ConsumerRecord<String, String> received = pollUntil(consumer(kafkaTracing), 1).get(0);
    Span processing = kafkaTracing.nextSpan(received).name("process").start();
    processing.finish();

    assertThat(list(received.headers())).filteredOn(h -> !h.startsWith("b3="))
        .containsExactly("baggage-user-id=alice"); // B3 alone: not repeated in a baggage header
    FinishedSpan poll = consumerSpans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.CONSUMER), WAIT).stream()
        .filter(s -> s.kind() == Kind.CONSUMER).findFirst().orElseThrow();
    assertThat(poll.context().traceIdString()).isEqualTo(parent.traceIdString());
    assertThat(poll.context().baggage()).containsExactly(entry("user_id", "alice"));
    assertThat(processing.context().parentId()).isEqualTo(poll.context().spanId());
    assertThat(processing.context().baggage()).containsExactly(entry("user_id", "alice"));
  }

  @Test
  void a_record_sent_again_carries_its_baggage_headers_once() throws Exception {
    Tracer producerApp = Tracer.builder().localEndpoint(Endpoint.of("producer-app")).reporter(producerSpans)
        .baggageFields(USER_ID).build();
    TracingProducer<String, String> producer = producer(KafkaTracing.create(producerApp));
    TraceContext parent = producerApp.newTrace().context();
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "v");
    producer.send(parent.withBaggage(USER_ID, "alice"), record).get();
    producer.send(parent.withBaggage(USER_ID, "bob"), record).get(); // KafkaProducer left its headers read-only

    List<ConsumerRecord<String, String>> received = pollUntil(closing(clients.consumer(topic)), 2);

    assertThat(list(received.get(0).headers())).filteredOn(h -> !h.startsWith("b3="))
        .containsExactly("baggage-user-id=alice"); // B3 alone: not repeated in a baggage header
    assertThat(list(received.get(1).headers())).filteredOn(h -> !h.startsWith("b3="))
        .containsExactly("baggage-user-id=bob");
  }

  // --- tracestate ---

  @Test
  void a_tracestate_on_the_producers_context_reaches_the_consumer_and_processing_spans() throws Exception {
    String state = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
    // the context of a request that came from an OpenTelemetry client with another vendor's tracestate
    TraceContext request = TraceparentPropagation.create().extract(Map.of(
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", "tracestate", state),
        MapHeaders.GETTER).context();
    TraceContext parent = producerTracer.joinSpan(request).context();
    producer(KafkaTracing.create(producerTracer)).send(parent, new ProducerRecord<>(topic, "v")).get();
    KafkaTracing kafkaTracing = KafkaTracing.create(consumerTracer);

    ConsumerRecord<String, String> received = pollUntil(consumer(kafkaTracing), 1).get(0);
    Span processing = kafkaTracing.nextSpan(received).name("process").start();
    processing.finish();

    TraceContext send = awaitOne(producerSpans).context();
    FinishedSpan poll = consumerSpans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.CONSUMER), WAIT).stream()
        .filter(s -> s.kind() == Kind.CONSUMER).findFirst().orElseThrow();
    assertThat(poll.context().traceIdString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(poll.context().parentId()).isEqualTo(send.spanId());
    assertThat(poll.context().traceState()).isEqualTo(state);
    assertThat(poll.context().randomTraceId()).isTrue();
    assertThat(processing.context().parentId()).isEqualTo(poll.context().spanId());
    assertThat(processing.context().traceState()).isEqualTo(state);
    // what the processing code would send on, e.g. to an OpenTelemetry service
    assertThat(TraceparentPropagation.create().headers(processing.context())).containsEntry("tracestate", state)
        .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-" + processing.context().spanIdString() + "-03");
  }

  @Test
  void a_record_of_a_trace_with_tracestate_carries_traceparent_and_tracestate_beside_b3() throws Exception {
    TraceContext parent = producerTracer.newTrace().context().toBuilder().traceState("congo=t61rcWkgMzE").build();
    producer(KafkaTracing.create(producerTracer)).send(parent, new ProducerRecord<>(topic, "v")).get();

    ConsumerRecord<String, String> received = pollUntil(closing(clients.consumer(topic)), 1).get(0);

    TraceContext sent = awaitOne(producerSpans).context();
    String ids = sent.traceIdString() + "-" + sent.spanIdString();
    assertThat(list(received.headers())).containsExactly("b3=" + ids + "-1",
        "traceparent=00-" + (sent.is128Bit() ? "" : "0000000000000000") + sent.traceIdString() + "-" + sent.spanIdString() + "-01",
        "tracestate=congo=t61rcWkgMzE");
  }

  @Test
  void a_record_of_a_trace_without_tracestate_carries_b3_and_baggage_alone_as_before() throws Exception {
    Tracer producerApp = Tracer.builder().localEndpoint(Endpoint.of("producer-app")).reporter(producerSpans)
        .baggageFields(USER_ID).build();
    producer(KafkaTracing.create(producerApp)).send(producerApp.newTrace().context().withBaggage(USER_ID, "alice"),
        new ProducerRecord<>(topic, "v")).get();

    ConsumerRecord<String, String> received = pollUntil(closing(clients.consumer(topic)), 1).get(0);

    TraceContext sent = awaitOne(producerSpans).context();
    assertThat(list(received.headers())).containsExactly("b3=" + sent.traceIdString() + "-" + sent.spanIdString() + "-1",
        "baggage-user-id=alice");
  }

  // --- Zipkin ---

  @Test // creates_dependency_links
  void zipkin_draws_service_to_kafka_to_service() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    String traceId;
    try (Tracer api = Zipkin.tracer(zipkin.spansUrl(), Endpoint.of("kafka-it-api"), 1.0);
        Tracer worker = Zipkin.tracer(zipkin.spansUrl(), Endpoint.of("kafka-it-worker"), 1.0)) {
      TracingProducer<String, String> producer = closing(KafkaTracing.create(api).producer(clients.producer()));
      KafkaTracing workerKafka = KafkaTracing.create(worker);
      Consumer<String, String> consumer = closing(workerKafka.consumer(clients.consumer(topic)));
      Span request = api.newTrace().name("request").kind(Kind.SERVER).start();
      traceId = request.context().traceIdString();
      producer.send(request.context(), new ProducerRecord<>(topic, "v")).get(10, TimeUnit.SECONDS);
      request.finish();
      ConsumerRecord<String, String> record = pollUntil(consumer, 1).get(0);
      workerKafka.nextSpan(record).name("process").start().finish();
      producer.flush();
    }

    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId, 4);
    assertThat(trace).extracting(zipkin2.Span::name).containsExactlyInAnyOrder("request", "send", "poll", "process");
    assertThat(trace).filteredOn(s -> s.kind() == zipkin2.Span.Kind.PRODUCER || s.kind() == zipkin2.Span.Kind.CONSUMER)
        .extracting(zipkin2.Span::remoteServiceName).containsOnly("kafka");
    List<DependencyLink> links = ZipkinServer.await(zipkin::dependencies,
        l -> l.stream().anyMatch(link -> link.child().equals("kafka-it-worker")), "the kafka dependency links");
    assertThat(links).anySatisfy(link -> {
      assertThat(link.parent()).isEqualTo("kafka-it-api");
      assertThat(link.child()).isEqualTo("kafka");
    });
    assertThat(links).anySatisfy(link -> {
      assertThat(link.parent()).isEqualTo("kafka");
      assertThat(link.child()).isEqualTo("kafka-it-worker");
    });
  }

  // --- helpers ---

  TracingProducer<String, String> producer(KafkaTracing kafkaTracing) {
    return closing(kafkaTracing.producer(clients.producer()));
  }

  Consumer<String, String> consumer(KafkaTracing kafkaTracing) {
    return closing(kafkaTracing.consumer(clients.consumer(topic)));
  }

  void sendUntraced(int count) throws ExecutionException, InterruptedException {
    KafkaProducer<String, String> plain = closing(clients.producer());
    for (int i = 0; i < count; i++) plain.send(new ProducerRecord<>(topic, "v" + i)).get();
  }

  <C extends AutoCloseable> C closing(C closeable) {
    toClose.add(0, closeable);
    return closeable;
  }

  static FinishedSpan awaitOne(InMemoryReporter spans) throws InterruptedException {
    List<FinishedSpan> finished = spans.awaitCount(1, WAIT);
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }
}
