package io.ziptrace.examples.kafka;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.examples.Demo;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.kafka.KafkaSender;
import java.net.URI;
import java.util.function.Function;

/**
 * Three traced services that talk through Kafka and HTTP: {@code order-service} answers {@code
 * GET /} by placing an order and publishing it on topic {@value #ORDERS_TOPIC} with a traced
 * producer; {@code fulfillment-service} polls that topic with a traced consumer, fulfils each
 * order in a span of its own and reserves its items with an HTTP call to {@code
 * inventory-service}. One request makes one trace of {@value #SPANS_PER_REQUEST} spans.
 *
 * <p>The topic must exist, or the broker must create topics on first use.
 */
public final class KafkaDemo implements Demo {
  /** The topic orders are published on. */
  public static final String ORDERS_TOPIC = "orders";
  /** The service that takes requests and publishes orders. */
  public static final String ORDER_SERVICE = OrderService.NAME;
  /** The service that consumes orders. */
  public static final String FULFILLMENT_SERVICE = FulfillmentService.NAME;
  /** The service called over HTTP for each order. */
  public static final String INVENTORY_SERVICE = InventoryService.NAME;
  /** The remote service name of the PRODUCER and CONSUMER spans. */
  public static final String KAFKA_SERVICE = "kafka";
  /** The name of the span in which {@code fulfillment-service} processes an order. */
  public static final String FULFIL_SPAN = FulfillmentService.FULFIL_SPAN;
  /**
   * The spans one request makes: {@code order-service}'s SERVER and PRODUCER spans, {@code
   * fulfillment-service}'s CONSUMER span, its {@value #FULFIL_SPAN} span and the CLIENT span of
   * its call, and {@code inventory-service}'s SERVER span.
   */
  public static final int SPANS_PER_REQUEST = 6;
  /** The spans Zipkin's UI counts: it shows the HTTP client span and the server span sharing its id as one. */
  public static final int SPANS_SHOWN_IN_UI = 5;

  private final InventoryService inventory;
  private final FulfillmentService fulfillment;
  private final OrderService orders;

  private KafkaDemo(String bootstrapServers, Function<Endpoint, Tracer> tracers, URI zipkinUi) {
    inventory = new InventoryService(tracers);
    FulfillmentService started = null;
    try {
      started = new FulfillmentService(bootstrapServers, tracers, inventory.uri());
      fulfillment = started;
      orders = new OrderService(bootstrapServers, tracers, zipkinUi);
    } catch (RuntimeException | Error e) {
      if (started != null) started.close();
      inventory.close();
      throw e;
    }
  }

  /**
   * Starts the three services.
   *
   * @param bootstrapServers the Kafka brokers orders go through, e.g. {@code 127.0.0.1:9092}
   * @param tracers makes each service's tracer from its local endpoint, e.g. {@link
   *     #tracersThroughKafka}
   * @param zipkinUi the Zipkin base URL the front page links to, e.g. {@code http://127.0.0.1:9411}
   */
  public static KafkaDemo start(String bootstrapServers, Function<Endpoint, Tracer> tracers, URI zipkinUi) {
    return new KafkaDemo(bootstrapServers, tracers, zipkinUi);
  }

  /**
   * Tracers that report their spans through Kafka: each one's reporter is an {@link
   * AsyncReporter} over a {@link KafkaSender} writing to topic {@code zipkin}, which Zipkin's Kafka
   * collector reads. Closing a tracer closes its reporter and sender.
   *
   * @param bootstrapServers the Kafka brokers, e.g. {@code 127.0.0.1:9092}
   */
  public static Function<Endpoint, Tracer> tracersThroughKafka(String bootstrapServers) {
    return endpoint -> Tracer.builder().localEndpoint(endpoint)
        .reporter(AsyncReporter.create(KafkaSender.create(bootstrapServers))).build();
  }

  /** {@code order-service}'s front page: each request places an order. */
  @Override
  public URI frontUrl() {
    return orders.uri();
  }

  /** Stops the services front to back; each tracer sends its finished spans as it closes. */
  @Override
  public void close() {
    try {
      orders.close();
    } finally {
      try {
        fulfillment.close();
      } finally {
        inventory.close();
      }
    }
  }
}
