package io.ziptrace.it.conformance;

import static io.ziptrace.it.conformance.VertxServerConformanceTest.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.it.vertx.KafkaBroker;
import io.ziptrace.it.vertx.VertxKafka;
import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The items of {@code conformance/messaging.md} that apply to Vert.x's own Kafka client, on a
 * real Vert.x built with ziptrace's tracer and a real broker. Brave interop is in {@code
 * VertxKafkaZipkinTest}.
 *
 * <p>Items that do not apply, and why: the {@code kafka.key} tag, since the client hands the
 * tracer only the topic, never the record; read-only headers and a parent taken from the
 * record's own headers, since the client hands the tracer a writer that adds headers and gives a
 * send the parent of the context it is sent from ({@code VertxTracing.withParent} chooses
 * another); poll grouping, since the client calls the tracer once per record handed to the
 * record handler (its CONSUMER span); clearing the trace headers before the handler runs, since
 * the handler's parent comes from its Vert.x context, not from the record; trace-id-only
 * headers, which only the plain Kafka instrumentation accepts; producer and consumer samplers,
 * since Vert.x's tracing policies decide what is traced and an unsampled parent's decision
 * travels (checked here).
 */
class VertxKafkaConformanceTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final BaggageField USER_ID = BaggageField.remote("user_id");
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  /** What a record handler saw: the record and its CONSUMER span's context. */
  record Delivery(KafkaConsumerRecord<String, String> record, TraceContext consumer) {}

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-kafka")).reporter(spans)
      .baggageFields(USER_ID).build();
  final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  KafkaConsumer<String, String> reader;
  Vertx vertx;
  String topic;
  boolean errorExpected;

  @BeforeEach
  void start(TestInfo test) throws Exception {
    topic = kafka.topic(test);
    vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
  }

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try {
      SpanInvariants.check(spans.spans(), errorExpected);
    } finally {
      await(vertx.close());
    }
  }

  @Test // send_should_set_name, send_should_tag_topic_and_key, should_inject_child_context
  void aSendIsAProducerSpanNamedSendTaggedWithTheTopic_childOfTheCallersContext() throws Exception {
    TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent, () -> producer(null).send(KafkaProducerRecord.create(topic, "k", "v"))));

    FinishedSpan producer = only(spans.awaitCount(1, WAIT), Kind.PRODUCER);
    assertThat(producer.name()).isEqualTo("send");
    assertThat(producer.context().traceId()).isEqualTo(parent.traceId());
    assertThat(producer.context().parentId()).isEqualTo(parent.spanId());
    assertThat(producer.remoteEndpoint().serviceName()).isEqualTo("kafka");
    assertThat(producer.tags()).containsOnly(Map.entry("kafka.topic", topic));
  }

  @Test // should_add_b3_headers_to_records, should_add_b3_headers_when_other_headers_exist
  void theContextTravelsAsOneLowercaseB3HeaderWithoutParentBesideTheRecordsOtherHeaders() throws Exception {
    TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent,
        () -> producer(null).send(KafkaProducerRecord.create(topic, "k", "v").addHeader("tenant", "acme"))));
    Delivery delivery = consumeOne(null);

    FinishedSpan producer = only(spans.awaitCount(2, WAIT), Kind.PRODUCER);
    assertThat(delivery.record().headers()).extracting(h -> h.key() + "=" + h.value().toString(UTF_8))
        .containsExactly("tenant=acme",
            "b3=" + producer.context().traceIdString() + "-" + producer.context().spanIdString() + "-1");
  }

  @Test // on_completion_should_finish_span, on_completion_should_tag_if_exception
  void aFailedSendIsTaggedWithTheError_andTheSpanIsCompleteBeforeTheSenderHearsOfIt() throws Exception {
    errorExpected = true;
    TraceContext parent = tracer.newTrace().context();
    LinkedBlockingQueue<List<FinishedSpan>> reportedWhenFailed = new LinkedBlockingQueue<>();
    String tooLarge = "x".repeat(2 * 1024 * 1024); // over the producer's max.request.size

    VertxTracing.withParent(vertx, parent, () -> producer(null).send(KafkaProducerRecord.create(topic, "k", tooLarge))
        .onFailure(e -> reportedWhenFailed.add(spans.spans())));

    List<FinishedSpan> reported = reportedWhenFailed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(reported).as("the failure within %s", WAIT).isNotNull();
    assertThat(only(reported, Kind.PRODUCER).tags()).containsKey("error");
  }

  @Test // customSampler_producer (by the parent's decision)
  void anUnsampledParentSendsB3EndingZero_andNothingIsReported() throws Exception {
    TraceContext parent = tracer.newTrace(false).context();

    await(VertxTracing.withParent(vertx, parent, () -> producer(null).send(KafkaProducerRecord.create(topic, "k", "v"))));
    Delivery delivery = consumeOne(null);

    assertThat(header(delivery.record(), "b3")).startsWith(parent.traceIdString() + "-").endsWith("-0")
        .satisfies(b3 -> assertThat(b3.split("-")).hasSize(3));
    assertThat(delivery.consumer().isSampled()).isFalse();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aRecordSentOutsideAnyTraceIsNotTracedUnderPropagate_andStartsATraceUnderAlways() throws Exception {
    await(producer(null).send(KafkaProducerRecord.create(topic, "k", "untraced")));
    await(producer(TracingPolicy.ALWAYS).send(KafkaProducerRecord.create(topic, "k", "traced")));

    FinishedSpan producer = only(spans.awaitCount(1, WAIT), Kind.PRODUCER);
    assertThat(producer.context().parentId()).isZero();
    Delivery untraced = consumeOne(null); // the client's default, PROPAGATE
    Delivery traced = consumeOne(null);
    assertThat(header(untraced.record(), "b3")).isNull();
    assertThat(untraced.consumer().isSampled()).isFalse(); // PROPAGATE: nothing to continue
    assertThat(traced.consumer().parentId()).isEqualTo(producer.context().spanId());
  }

  @Test // poll_creates_one_consumer_span_per_extracted_context, nextSpan_makes_child, creates_dependency_links
  void theConsumerSpanContinuesTheProducersTrace_andIsTheParentOfWhatItsHandlerSends() throws Exception {
    TraceContext parent = tracer.newTrace().context();
    KafkaProducer<String, String> producer = producer(null);
    await(VertxTracing.withParent(vertx, parent, () -> producer.send(KafkaProducerRecord.create(topic, "k", "v"))));

    KafkaConsumer<String, String> consumer = consumer(null);
    consumer.handler(record -> producer.send(KafkaProducerRecord.create(topic + "-audit", "k", "audited"))
        .onComplete(sent -> deliveries.add(new Delivery(record, null))));
    VertxKafka.assign(consumer, topic);
    assertThat(deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();

    List<FinishedSpan> reported = spans.awaitCount(3, WAIT); // send, its CONSUMER, the handler's send
    FinishedSpan send = reported.stream().filter(s -> s.kind() == Kind.PRODUCER && topic.equals(s.tag("kafka.topic")))
        .findFirst().orElseThrow();
    FinishedSpan receive = only(reported, Kind.CONSUMER);
    FinishedSpan handlerSend = reported.stream().filter(s -> (topic + "-audit").equals(s.tag("kafka.topic")))
        .findFirst().orElseThrow();
    assertThat(receive.name()).isEqualTo("receive");
    assertThat(receive.context().parentId()).isEqualTo(send.context().spanId());
    assertThat(receive.tags()).containsOnly(Map.entry("kafka.topic", topic));
    assertThat(receive.remoteEndpoint().serviceName()).isEqualTo("kafka"); // service -> kafka -> service
    assertThat(handlerSend.context().parentId()).isEqualTo(receive.context().spanId());
  }

  @Test // poll_creates_one_consumer_span_per_topic, for records without context: one each, each a new trace
  void aRecordWithoutContextStartsATraceUnderAlways() throws Exception {
    await(producer(null).send(KafkaProducerRecord.create(topic, "k", "untraced")));

    Delivery delivery = consumeOne(TracingPolicy.ALWAYS);

    FinishedSpan receive = only(spans.awaitCount(1, WAIT), Kind.CONSUMER);
    assertThat(receive.context().parentId()).isZero();
    assertThat(delivery.consumer().spanId()).isEqualTo(receive.context().spanId());
  }

  @Test
  void aHandlerThatThrowsTagsTheConsumerSpanWithTheError() throws Exception {
    errorExpected = true;
    TraceContext parent = tracer.newTrace().context();
    await(VertxTracing.withParent(vertx, parent, () -> producer(null).send(KafkaProducerRecord.create(topic, "k", "v"))));

    KafkaConsumer<String, String> consumer = consumer(null);
    consumer.exceptionHandler(e -> { });
    consumer.handler(record -> {
      throw new IllegalStateException("handler failed");
    });
    VertxKafka.assign(consumer, topic);

    List<FinishedSpan> reported = spans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.CONSUMER), WAIT);
    assertThat(only(reported, Kind.CONSUMER).tags()).containsEntry("error", "handler failed");
  }

  @Test // Baggage: a declared field travels to the consumer span's context, an undeclared key does not
  void aDeclaredBaggageFieldTravelsToTheConsumerSpansContext_andAnUndeclaredOneIsNotSent() throws Exception {
    TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "alice")
        .withBaggage(BaggageField.remote("secret"), "s3cret");

    await(VertxTracing.withParent(vertx, parent, () -> producer(null).send(KafkaProducerRecord.create(topic, "k", "v"))));
    Delivery delivery = consumeOne(null);

    assertThat(header(delivery.record(), "baggage")).isEqualTo("user_id=alice");
    assertThat(delivery.consumer().baggage(USER_ID)).isEqualTo("alice");
  }

  @Test
  void aTraceWithTracestateCarriesTraceparentAndTracestateBesideB3_andTheConsumerSpanKeepsIt() throws Exception {
    TraceContext parent = tracer.newTrace().context().toBuilder().traceState("congo=t61rcWkgMzE").build();

    await(VertxTracing.withParent(vertx, parent, () -> producer(null).send(KafkaProducerRecord.create(topic, "k", "v"))));
    Delivery delivery = consumeOne(null);

    TraceContext sent = only(spans.awaitCount(2, WAIT), Kind.PRODUCER).context();
    assertThat(delivery.record().headers()).extracting(h -> h.key() + "=" + h.value().toString(UTF_8)).containsExactly(
        "b3=" + sent.traceIdString() + "-" + sent.spanIdString() + "-1",
        "traceparent=00-" + (sent.is128Bit() ? "" : "0000000000000000") + sent.traceIdString() + "-"
            + sent.spanIdString() + "-01",
        "tracestate=congo=t61rcWkgMzE");
    assertThat(delivery.consumer().parentId()).isEqualTo(sent.spanId());
    assertThat(delivery.consumer().traceState()).isEqualTo("congo=t61rcWkgMzE");
  }

  @Test
  void aRepeatedB3HeaderIsReadByItsLastValue_asKafkaReadsHeaders() throws Exception {
    TraceContext first = tracer.newTrace().context();
    TraceContext last = tracer.newTrace().context();
    await(producer(null).send(KafkaProducerRecord.create(topic, "k", "v")
        .addHeader("b3", first.traceIdString() + "-" + first.spanIdString() + "-1")
        .addHeader("b3", last.traceIdString() + "-" + last.spanIdString() + "-1")));

    Delivery delivery = consumeOne(null);

    assertThat(delivery.consumer().traceId()).isEqualTo(last.traceId());
    assertThat(delivery.consumer().parentId()).isEqualTo(last.spanId());
  }

  /** The next record the test's consumer handled; the first call starts that consumer with {@code policy}. */
  private Delivery consumeOne(TracingPolicy policy) throws Exception {
    if (reader == null) {
      reader = consumer(policy);
      reader.handler(record -> deliveries.add(new Delivery(record, VertxTracing.span(Vertx.currentContext()).context())));
      VertxKafka.assign(reader, topic);
    }
    Delivery delivery = deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(delivery).as("a record within %s", WAIT).isNotNull();
    return delivery;
  }

  private KafkaProducer<String, String> producer(TracingPolicy policy) {
    return VertxKafka.producer(vertx, kafka.bootstrapServers(), policy);
  }

  private KafkaConsumer<String, String> consumer(TracingPolicy policy) {
    return VertxKafka.consumer(vertx, kafka.bootstrapServers(), policy);
  }

  private static String header(KafkaConsumerRecord<String, String> record, String name) {
    String value = null;
    for (var header : record.headers()) if (header.key().equals(name)) value = header.value().toString(UTF_8);
    return value;
  }

  private static FinishedSpan only(List<FinishedSpan> spans, Kind kind) {
    List<FinishedSpan> matching = spans.stream().filter(s -> s.kind() == kind).toList();
    assertThat(matching).as("%s spans in %s", kind, spans).hasSize(1);
    return matching.get(0);
  }
}
