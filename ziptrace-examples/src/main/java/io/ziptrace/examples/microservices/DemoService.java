package io.ziptrace.examples.microservices;

import io.ziptrace.examples.HttpPages;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.http.jdk.TracingHttpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One service of the demo: a JDK HttpServer traced by {@link TracingFilter} that calls its
 * downstream services, in parallel, with a {@link TracingHttpClient}, and answers with the call
 * tree below it, one service per line. The front service answers with an HTML page instead, and
 * the trace id in a header.
 */
final class DemoService implements AutoCloseable {
  private final String name;
  private final List<URI> downstream;
  private final URI zipkinUi;
  private final Tracer tracer;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpServer server;
  private final TracingHttpClient client;

  /**
   * @param zipkinUi the Zipkin base URL the front page links to; {@code null} for services
   *     behind the front
   */
  DemoService(String name, List<URI> downstream, Function<Endpoint, Tracer> tracers, URI zipkinUi) throws IOException {
    this.name = name;
    this.downstream = downstream;
    this.zipkinUi = zipkinUi;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.tracer = tracers.apply(Endpoint.builder(name).ipv4("127.0.0.1").port(server.getAddress().getPort()).build());
    this.client = TracingHttpClient.create(
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build(), tracer);
    server.setExecutor(executor);
    server.createContext("/", this::handle).getFilters().add(TracingFilter.create(
        HttpServerTracing.builder(tracer).skipPaths(MicroservicesDemo.FAVICON_PATH).build()));
    server.start();
  }

  /** This service's URL. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  String name() {
    return name;
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getRawPath().equals(MicroservicesDemo.FAVICON_PATH)) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    Span span = TracingFilter.span(exchange);
    String tree;
    int status = 200;
    try {
      tree = callTree(span);
    } catch (RuntimeException e) {
      span.error(e);
      tree = name + " (failed: " + e.getMessage() + ")\n";
      status = 502;
    }
    if (zipkinUi == null) {
      HttpPages.respond(exchange, status, "text/plain; charset=utf-8", tree);
      return;
    }
    String traceId = span.context().traceIdString();
    String traceUrl = zipkinUi.resolve("/zipkin/traces/" + traceId).toString();
    exchange.getResponseHeaders().set(MicroservicesDemo.TRACE_ID_HEADER, traceId);
    HttpPages.respond(exchange, status, "text/html; charset=utf-8", DemoPages.frontPage(tree, traceId, traceUrl));
  }

  /** This service's line, then its downstream services' trees indented below it. */
  private String callTree(Span span) {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (URI uri : downstream) {
      calls.add(client.sendAsync(span.context(), HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
    }
    StringBuilder tree = new StringBuilder(name).append('\n');
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      for (String line : call.join().body().split("\n")) {
        if (!line.isEmpty()) tree.append("  ").append(line).append('\n');
      }
    }
    return tree.toString();
  }

  /**
   * Stops serving, lets the requests in progress finish (so their spans are finished too), and
   * closes the tracer, which sends the finished spans.
   */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) executor.shutdownNow();
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    tracer.close();
  }
}
