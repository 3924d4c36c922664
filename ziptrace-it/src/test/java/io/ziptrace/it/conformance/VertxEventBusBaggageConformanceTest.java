package io.ziptrace.it.conformance;

import static io.ziptrace.it.conformance.RelayOrder.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "Baggage" section of {@code conformance/messaging.md} for the Vert.x event bus: a message
 * sent with a context that carries baggage, to a consumer on the same traced Vert.x, whose
 * handler starts a processing span from its CONSUMER span.
 */
class VertxEventBusBaggageConformanceTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final BaggageField UNDECLARED = BaggageField.remote("secret");
  static final BaggageField LOCAL = BaggageField.local("request_start");

  /** What the consumer's handler saw: the message headers (names in lower case), its span's context and its child's. */
  record Delivery(Map<String, List<String>> headers, TraceContext consumer, TraceContext processing) {}

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("bus")).reporter(spans)
      .baggageFields(USER_ID, LOCAL).build();
  final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  Vertx vertx;

  @BeforeEach
  void startVertx() throws Exception {
    vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
    VertxServerConformanceTest.await(vertx.eventBus().<String>consumer("orders", this::consume).completion());
  }

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try {
      SpanInvariants.check(spans.spans(), false);
    } finally {
      VertxServerConformanceTest.await(vertx.close());
    }
  }

  private void consume(Message<String> message) {
    Span consumer = VertxTracing.span(Vertx.currentContext());
    Span processing = consumer.newChild("process").start();
    processing.finish();
    deliveries.add(new Delivery(lowerCase(message.headers()), consumer.context(), processing.context()));
    message.reply("done");
  }

  private static Map<String, List<String>> lowerCase(MultiMap headers) {
    Map<String, List<String>> all = new TreeMap<>();
    headers.forEach(h -> all.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
    return all;
  }

  /** Sends a message to the consumer with {@code parent} as the sender's context; returns what the consumer saw. */
  Delivery send(TraceContext parent) throws Exception {
    VertxServerConformanceTest.await(VertxTracing.withParent(vertx, parent, () -> vertx.eventBus().request("orders", "order")));
    Delivery delivery = deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(delivery).as("a delivery within %s", WAIT).isNotNull();
    return delivery;
  }

  @Test
  void aDeclaredFieldTravelsInTheHeadersToTheConsumerSpanAndItsProcessingSpan() throws Exception {
    TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "alice").withBaggage(UNDECLARED, "s3cr3t")
        .withBaggage(LOCAL, "12:00");

    Delivery delivery = send(parent);

    assertThat(delivery.headers()).containsEntry("baggage-user-id", List.of("alice"))
        .doesNotContainKey("baggage"); // B3 alone: a value in its own header is not repeated in baggage
    assertThat(delivery.headers().toString()).doesNotContain("s3cr3t").doesNotContain("12:00");
    assertThat(delivery.consumer().traceIdString()).isEqualTo(parent.traceIdString());
    assertThat(delivery.consumer().baggage()).containsExactly(entry("user_id", "alice"));
    assertThat(delivery.processing().parentId()).isEqualTo(delivery.consumer().spanId());
    assertThat(delivery.processing().baggage()).containsExactly(entry("user_id", "alice"));
    List<FinishedSpan> reported = spans.await(l -> l.stream().anyMatch(s -> s.kind() == Kind.CONSUMER), WAIT);
    assertThat(reported).filteredOn(s -> s.kind() == Kind.CONSUMER).singleElement()
        .satisfies(consumer -> assertThat(consumer.context().baggage(USER_ID)).isEqualTo("alice"));
  }

  @Test
  void anUnsampledMessageCarriesTheBaggageToo() throws Exception {
    TraceContext parent = tracer.newTrace(false).context().withBaggage(USER_ID, "alice");

    Delivery delivery = send(parent);

    assertThat(delivery.headers()).containsEntry("baggage-user-id", List.of("alice"));
    assertThat(delivery.consumer().isSampled()).isFalse();
    assertThat(delivery.processing().baggage(USER_ID)).isEqualTo("alice");
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aContextWithOnlyUndeclaredOrLocalFieldsSendsNoBaggage() throws Exception {
    TraceContext parent = tracer.newTrace().context().withBaggage(UNDECLARED, "s3cr3t").withBaggage(LOCAL, "12:00");

    Delivery delivery = send(parent);

    assertThat(delivery.headers()).doesNotContainKeys("baggage", "baggage-user-id", "secret");
    assertThat(delivery.consumer().traceIdString()).isEqualTo(parent.traceIdString());
    assertThat(delivery.consumer().baggage()).isEmpty();
  }
}
