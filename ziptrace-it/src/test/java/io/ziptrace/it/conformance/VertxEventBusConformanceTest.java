package io.ziptrace.it.conformance;

import static io.ziptrace.it.conformance.VertxServerConformanceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The items of {@code conformance/messaging.md} that apply to the Vert.x event bus, on a real
 * Vert.x built with ziptrace's tracer, with local delivery (what applications run); the
 * "Baggage" section is {@link VertxEventBusBaggageConformanceTest}.
 *
 * <p>Items that do not apply, and why: a message key ({@code kafka.key}) and read-only headers,
 * since event-bus messages have no key and Vert.x hands the tracer the headers to write; a parent
 * taken from the message's own headers, since Vert.x gives a send the parent of the context it is
 * sent from ({@code VertxTracing.withParent} chooses another); poll grouping, since each delivery
 * is its own CONSUMER span; clearing the trace headers before the handler runs and trace-id-only
 * headers, since the handler's parent comes from its Vert.x context, not from the headers, and
 * on the bus only ziptrace writes them; producer and consumer samplers, since Vert.x's tracing
 * policies decide what is traced and an unsampled parent's decision travels (checked here); and
 * Brave interop, since Brave does not trace the Vert.x 5 event bus.
 */
class VertxEventBusConformanceTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String ADDRESS_TAG = "vertx.eventbus.address";

  /** What a consumer's handler saw: the message, its CONSUMER span's context and that of a call it made. */
  record Delivery(Message<String> message, TraceContext consumer) {}

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("bus")).reporter(spans).build();
  final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  Vertx vertx;
  boolean errorExpected;

  @BeforeEach
  void startVertx() throws Exception {
    vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
    await(vertx.eventBus().<String>consumer("orders", this::consume).completion());
    await(vertx.eventBus().<String>consumer("audit", message -> message.reply("audited")).completion());
    for (int i = 0; i < 3; i++) await(vertx.eventBus().<String>consumer("news", this::consume).completion());
  }

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try {
      SpanInvariants.check(spans.spans(), errorExpected);
    } finally {
      await(vertx.close());
    }
  }

  /** Records the delivery, then, as processing code, sends a message of its own from the handler's context. */
  private void consume(Message<String> message) {
    deliveries.add(new Delivery(message, VertxTracing.span(Vertx.currentContext()).context()));
    if (message.replyAddress() != null) {
      vertx.eventBus().request("audit", "order").onComplete(audit -> message.reply("done"));
    }
  }

  Delivery nextDelivery() throws InterruptedException {
    Delivery delivery = deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(delivery).as("a delivery within %s", WAIT).isNotNull();
    return delivery;
  }

  List<FinishedSpan> awaitSpans(int count) throws InterruptedException {
    return spans.await(l -> l.size() >= count, WAIT);
  }

  static FinishedSpan only(List<FinishedSpan> spans, Kind kind, String address) {
    return spans.stream().filter(s -> s.kind() == kind && address.equals(s.tags().get(ADDRESS_TAG)))
        .reduce((a, b) -> {
          throw new AssertionError("more than one " + kind + " span for " + address + ": " + spans);
        }).orElseThrow(() -> new AssertionError("no " + kind + " span for " + address + ": " + spans));
  }

  @Test
  void aSendIsAProducerSpanNamedSendTaggedWithTheAddress_childOfTheCallersContext() throws Exception {
    TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().request("orders", "order")));

    FinishedSpan producer = only(awaitSpans(4), Kind.PRODUCER, "orders");
    assertThat(producer.name()).isEqualTo("send");
    assertThat(producer.context().traceId()).isEqualTo(parent.traceId());
    assertThat(producer.context().parentId()).isEqualTo(parent.spanId());
    assertThat(producer.remoteEndpoint().serviceName()).isEqualTo("vertx-eventbus");
    assertThat(producer.tags()).containsOnlyKeys(ADDRESS_TAG);
  }

  @Test
  void aPublishIsAProducerSpanNamedPublish_withOneConsumerSpanPerDelivery() throws Exception {
    TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent, () -> {
      vertx.eventBus().publish("news", "hello");
      return Future.succeededFuture();
    }));
    for (int i = 0; i < 3; i++) nextDelivery();

    List<FinishedSpan> reported = spans.await(l -> l.stream().filter(s -> s.kind() == Kind.CONSUMER).count() == 3, WAIT);
    FinishedSpan producer = only(reported, Kind.PRODUCER, "news");
    assertThat(producer.name()).isEqualTo("publish");
    assertThat(reported).filteredOn(s -> s.kind() == Kind.CONSUMER).hasSize(3).allSatisfy(consumer -> {
      assertThat(consumer.context().parentId()).isEqualTo(producer.context().spanId());
      assertThat(consumer.name()).isEqualTo("publish");
      assertThat(consumer.tags()).containsEntry(ADDRESS_TAG, "news");
      assertThat(consumer.remoteEndpoint().serviceName()).isEqualTo("vertx-eventbus"); // dependency links
    });
  }

  @Test
  void theContextTravelsAsOneLowercaseB3HeaderBesideTheMessagesOtherHeaders() throws Exception {
    TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent,
        () -> vertx.eventBus().request("orders", "order", new DeliveryOptions().addHeader("tenant", "acme"))));

    Delivery delivery = nextDelivery();
    FinishedSpan producer = only(awaitSpans(4), Kind.PRODUCER, "orders");
    assertThat(delivery.message().headers().names()).containsExactlyInAnyOrder("tenant", "b3");
    assertThat(delivery.message().headers().get("tenant")).isEqualTo("acme");
    assertThat(delivery.message().headers().get("b3"))
        .startsWith(producer.context().traceIdString() + "-" + producer.context().spanIdString() + "-1");
  }

  @Test
  void theConsumerSpanContinuesTheProducersTrace_andIsTheParentOfWhatItsHandlerSends() throws Exception {
    TraceContext parent = tracer.newTrace().context();

    await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().request("orders", "order")));

    Delivery delivery = nextDelivery();
    List<FinishedSpan> reported = awaitSpans(4); // send, its CONSUMER, the handler's send, its CONSUMER
    FinishedSpan producer = only(reported, Kind.PRODUCER, "orders");
    FinishedSpan consumer = only(reported, Kind.CONSUMER, "orders");
    assertThat(consumer.context().parentId()).isEqualTo(producer.context().spanId());
    assertThat(delivery.consumer().spanId()).isEqualTo(consumer.context().spanId());
    assertThat(only(reported, Kind.PRODUCER, "audit").context().parentId()).isEqualTo(consumer.context().spanId());
  }

  @Test
  void aFailedSendIsTaggedWithTheError_andTheSpanIsCompleteBeforeTheSenderHearsOfIt() throws Exception {
    errorExpected = true;
    TraceContext parent = tracer.newTrace().context();
    LinkedBlockingQueue<List<FinishedSpan>> reportedWhenFailed = new LinkedBlockingQueue<>();

    VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().request("nobody-listens", "order")
        .onFailure(e -> reportedWhenFailed.add(spans.spans())));

    List<FinishedSpan> reported = reportedWhenFailed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(reported).as("the failure within %s", WAIT).isNotNull();
    FinishedSpan producer = only(reported, Kind.PRODUCER, "nobody-listens");
    assertThat(producer.tags()).containsKey("error");
  }

  @Test
  void anUnsampledParentSendsB3SayingZero_andNothingIsReported() throws Exception {
    TraceContext parent = tracer.newTrace(false).context();

    await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().request("orders", "order")));

    Delivery delivery = nextDelivery();
    // {traceId}-{spanId}-0-{parentId}: the event bus's b3 keeps the parent id, unlike Kafka's
    assertThat(delivery.message().headers().get("b3").split("-")).hasSize(4)
        .satisfies(b3 -> assertThat(b3[0]).isEqualTo(parent.traceIdString()), b3 -> assertThat(b3[2]).isEqualTo("0"));
    assertThat(delivery.consumer().isSampled()).isFalse();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aMessageSentOutsideAnyTraceIsNotTraced_sinceTheEventBusOnlyPropagates() throws Exception {
    await(vertx.eventBus().request("orders", "order"));

    Delivery delivery = nextDelivery();
    assertThat(delivery.message().headers().contains("b3")).isFalse();
    assertThat(delivery.consumer().isSampled()).isFalse();
    assertThat(spans.spans()).isEmpty();
  }
}
