package io.ziptrace.http.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Many concurrent requests on one context each see their own span, on platform and virtual threads. */
class ConcurrentRequestsTest {
  @Test
  void eachRequestGetsItsOwnSpanOnPlatformThreads() throws Exception {
    assertEachRequestGetsItsOwnSpan(Executors.newFixedThreadPool(16));
  }

  @Test
  void eachRequestGetsItsOwnSpanOnVirtualThreads() throws Exception {
    ExecutorService virtualThreads;
    try {
      virtualThreads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      assumeTrue(false, "virtual threads need JDK 21 or newer");
      return;
    }
    assertEachRequestGetsItsOwnSpan(virtualThreads);
  }

  private static void assertEachRequestGetsItsOwnSpan(ExecutorService executor) throws Exception {
    InMemoryReporter reporter = new InMemoryReporter();
    Tracer tracer = Tracer.builder().reporter(reporter).build();
    LoopbackServer loopback = new LoopbackServer(executor);
    HttpServer server = loopback.server;
    server.createContext("/work", exchange -> {
      Span span = TracingFilter.span(exchange);
      span.newChild("child").start().tag("path", exchange.getRequestURI().getPath()).finish();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    }).getFilters().add(TracingFilter.create(tracer));
    server.start();
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work/" + i);
        calls.add(http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
      }
      for (CompletableFuture<HttpResponse<Void>> call : calls) assertThat(call.get().statusCode()).isEqualTo(200);

      List<FinishedSpan> spans = reporter.awaitCount(400, Duration.ofSeconds(30));
      for (FinishedSpan child : spans) {
        if (child.kind() == Kind.SERVER) continue;
        FinishedSpan server0 = spans.stream().filter(s -> s.context().spanId() == child.context().parentId())
            .findFirst().orElseThrow();
        assertThat(server0.tag("http.path")).isEqualTo(child.tag("path")); // no context crossed requests
      }
    } finally {
      loopback.close();
    }
  }
}
