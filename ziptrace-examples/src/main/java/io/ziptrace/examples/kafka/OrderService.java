package io.ziptrace.examples.kafka;

import io.ziptrace.examples.HttpPages;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.examples.Demo;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.kafka.KafkaTracing;
import io.ziptrace.kafka.TracingProducer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The front service: {@code GET /} places an order and publishes it on topic {@value
 * KafkaDemo#ORDERS_TOPIC} with a traced producer, the request's SERVER span as the parent, then
 * answers with a page linking to the trace, the trace id in a header.
 */
final class OrderService implements AutoCloseable {
  static final String NAME = "order-service";
  /** The tag naming the order, on the spans that handle it. */
  static final String ORDER_TAG = "order.id";
  private static final String FAVICON_PATH = "/favicon.ico";
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicInteger orderCount = new AtomicInteger();
  private final URI zipkinUi;
  private final HttpServer server;
  private final Tracer tracer;
  private final TracingProducer<String, String> producer;

  OrderService(String bootstrapServers, Function<Endpoint, Tracer> tracers, URI zipkinUi) {
    this.zipkinUi = zipkinUi;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tracer = tracers.apply(Endpoint.builder(NAME).ipv4("127.0.0.1").port(server.getAddress().getPort()).build());
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(SEND_TIMEOUT_SECONDS));
    producer = KafkaTracing.create(tracer).producer(
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()));
    server.setExecutor(executor);
    // Browsers ask for a favicon next to the page: answered 404 and left out of the traces.
    server.createContext("/", this::placeOrder).getFilters().add(TracingFilter.create(
        HttpServerTracing.builder(tracer).skipPaths(FAVICON_PATH).build()));
    server.start();
  }

  /** This service's front page. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void placeOrder(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getRawPath().equals("/")) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    Span span = TracingFilter.span(exchange);
    String orderId = "order-" + orderCount.incrementAndGet();
    span.tag(ORDER_TAG, orderId);
    ProducerRecord<String, String> order = new ProducerRecord<>(KafkaDemo.ORDERS_TOPIC, orderId, "1 x ziptrace mug");
    try {
      // The request's span is the parent: the context is passed, never looked up from the thread.
      producer.send(span.context(), order).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      span.error(cause);
      HttpPages.respond(exchange, 503, "text/plain; charset=utf-8", "could not publish " + orderId + ": " + cause + "\n");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      span.error(e);
      HttpPages.respond(exchange, 503, "text/plain; charset=utf-8", "interrupted while publishing " + orderId + "\n");
      return;
    }
    String traceId = span.context().traceIdString();
    exchange.getResponseHeaders().set(Demo.TRACE_ID_HEADER, traceId);
    String traceUrl = zipkinUi.resolve("/zipkin/traces/" + traceId).toString();
    HttpPages.respond(exchange, 200, "text/html; charset=utf-8", Pages.orderPage(orderId, traceId, traceUrl));
  }

  /** Stops serving, lets requests in progress finish, closes the producer, then the tracer. */
  @Override
  public void close() {
    server.stop(0);
    Shutdown.awaitTermination(executor);
    producer.close();
    tracer.close();
  }
}
