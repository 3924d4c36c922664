package io.ziptrace.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.it.SelfSignedTls;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An async JDK handler (it returns at once and responds 150 ms later from another thread), traced
 * into a real Zipkin over HTTP and HTTPS: the stored SERVER span encloses its child and carries the
 * status the client got.
 */
class AsyncHandlerZipkinTest {
  static final long RESPOND_AFTER_MILLIS = 150;

  final ZipkinServer zipkin = ZipkinServer.shared();
  final AtomicReference<String> traceId = new AtomicReference<>();
  final AtomicReference<Boolean> sawTlsSession = new AtomicReference<>(false);
  AsyncReporter reporter;
  Tracer tracer;
  ExecutorService executor;
  HttpServer server;

  @BeforeEach
  void startReporter() {
    reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    tracer = Tracer.builder().localEndpoint(Endpoint.of("async_server")).reporter(reporter).build();
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
    executor.shutdownNow();
    tracer.close();
  }

  void handle(HttpExchange exchange) {
    Span span = TracingFilter.span(exchange);
    traceId.set(span.context().traceIdString());
    if (exchange instanceof HttpsExchange) sawTlsSession.set(((HttpsExchange) exchange).getSSLSession() != null);
    CompletableFuture.runAsync(() -> {
      span.newChild("load user").start().finish();
      try {
        byte[] body = "later".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(202, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, CompletableFuture.delayedExecutor(RESPOND_AFTER_MILLIS, TimeUnit.MILLISECONDS, executor));
  }

  void assertStoredTraceIsWhole() {
    reporter.flush();
    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId.get(), 2);
    zipkin2.Span serverSpan = trace.stream().filter(s -> s.kind() == zipkin2.Span.Kind.SERVER).findFirst().orElseThrow();
    zipkin2.Span child = trace.stream().filter(s -> s.kind() == null).findFirst().orElseThrow();
    assertThat(serverSpan.tags()).containsEntry("http.status_code", "202").doesNotContainKey("error");
    assertThat(serverSpan.durationAsLong()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(RESPOND_AFTER_MILLIS));
    assertThat(child.parentId()).isEqualTo(serverSpan.id());
    assertThat(child.timestampAsLong()).isGreaterThanOrEqualTo(serverSpan.timestampAsLong());
    assertThat(child.timestampAsLong() + child.durationAsLong())
        .isLessThanOrEqualTo(serverSpan.timestampAsLong() + serverSpan.durationAsLong());
  }

  @Test
  void overHttp() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/later", this::handle).getFilters().add(TracingFilter.create(tracer));
    server.start();

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("http")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertStoredTraceIsWhole();
  }

  @Test
  void overHttpsWhereHandlersSeeAnHttpsExchange() throws Exception {
    SelfSignedTls tls = SelfSignedTls.create();
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(tls.serverConfigurator());
    server = https;
    server.setExecutor(executor);
    server.createContext("/later", this::handle).getFilters().add(TracingFilter.create(tracer));
    server.start();

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.clientContext()).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("https")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("later");
    assertThat(sawTlsSession.get()).isTrue();
    assertStoredTraceIsWhole();
  }

  URI uri(String scheme) {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/later");
  }
}
