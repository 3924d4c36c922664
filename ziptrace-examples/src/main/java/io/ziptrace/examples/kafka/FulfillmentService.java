package io.ziptrace.examples.kafka;

import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingHttpClient;
import io.ziptrace.kafka.KafkaTracing;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The consumer: polls topic {@value KafkaDemo#ORDERS_TOPIC} with a traced consumer (a CONSUMER
 * span per record, child of the producer's span), fulfils each order in a span of its own, the
 * record's child, and reserves the order's items with a traced HTTP call to {@code
 * inventory-service} made in that span.
 */
final class FulfillmentService implements AutoCloseable {
  static final String NAME = "fulfillment-service";
  static final String FULFIL_SPAN = "fulfil order";
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final Tracer tracer;
  private final KafkaTracing kafkaTracing;
  private final Consumer<String, String> consumer;
  private final TracingHttpClient http;
  private final URI inventory;
  private final Thread poller;
  private volatile boolean running = true;

  FulfillmentService(String bootstrapServers, Function<Endpoint, Tracer> tracers, URI inventory) {
    this.inventory = inventory;
    tracer = tracers.apply(Endpoint.builder(NAME).ipv4("127.0.0.1").build());
    kafkaTracing = KafkaTracing.create(tracer);
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, NAME,
        // Orders published before this consumer joined its group are fulfilled too.
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = kafkaTracing.consumer(new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()));
    http = TracingHttpClient.create(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(HTTP_TIMEOUT).build(), tracer);
    poller = new Thread(this::poll, NAME + "-poller");
    poller.start();
  }

  /** The consumer's one thread: subscribes, then polls and fulfils until {@link #close()}. */
  private void poll() {
    try {
      consumer.subscribe(List.of(KafkaDemo.ORDERS_TOPIC));
      while (running) {
        for (ConsumerRecord<String, String> order : consumer.poll(Duration.ofSeconds(1))) fulfil(order);
      }
    } catch (WakeupException e) {
      // close() woke the poll up
    } finally {
      consumer.close();
    }
  }

  private void fulfil(ConsumerRecord<String, String> order) {
    // The record carries the CONSUMER span's context: this span is its child.
    Span span = kafkaTracing.nextSpan(order).name(FULFIL_SPAN).tag(OrderService.ORDER_TAG, order.key()).start();
    try {
      URI reserve = inventory.resolve(InventoryService.RESERVE_PATH.substring(1) + "?order="
          + URLEncoder.encode(order.key(), StandardCharsets.UTF_8));
      HttpResponse<String> reply = http.send(span.context(),
          HttpRequest.newBuilder(reserve).timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200) span.tag("error", "inventory-service answered " + reply.statusCode());
    } catch (IOException e) {
      span.error(e);
    } catch (InterruptedException e) {
      span.error(e);
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      span.finish();
    }
  }

  /** Stops polling after the order in progress, closes the consumer, then the tracer. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      poller.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tracer.close();
  }
}
