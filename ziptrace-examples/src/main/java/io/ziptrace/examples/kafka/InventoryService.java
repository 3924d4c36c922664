package io.ziptrace.examples.kafka;

import io.ziptrace.examples.HttpPages;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** The HTTP service at the end of the chain: {@code GET /reserve?order=ID} reserves an order's items. */
final class InventoryService implements AutoCloseable {
  static final String NAME = "inventory-service";
  static final String RESERVE_PATH = "/reserve";

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final HttpServer server;
  private final Tracer tracer;

  InventoryService(Function<Endpoint, Tracer> tracers) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tracer = tracers.apply(Endpoint.builder(NAME).ipv4("127.0.0.1").port(server.getAddress().getPort()).build());
    server.setExecutor(executor);
    server.createContext(RESERVE_PATH, this::reserve).getFilters()
        .add(TracingFilter.create(tracer).withRoute(RESERVE_PATH));
    server.start();
  }

  /** This service's URL. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void reserve(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    String order = query != null && query.startsWith("order=") ? query.substring("order=".length()) : null;
    if (order == null) {
      HttpPages.respond(exchange, 400, "text/plain; charset=utf-8", "give ?order=ID\n");
      return;
    }
    TracingFilter.span(exchange).tag(OrderService.ORDER_TAG, order);
    HttpPages.respond(exchange, 200, "text/plain; charset=utf-8", "reserved the items of " + order + "\n");
  }

  /** Stops serving and closes the tracer, which sends the finished spans. */
  @Override
  public void close() {
    server.stop(0);
    Shutdown.awaitTermination(executor);
    tracer.close();
  }
}
