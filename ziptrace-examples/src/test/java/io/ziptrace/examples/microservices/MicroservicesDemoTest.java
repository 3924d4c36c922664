package io.ziptrace.examples.microservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MicroservicesDemoTest {
  @Test
  void oneRequestMakesFiveServerAndFourClientSpansInOneTrace() throws Exception {
    InMemoryReporter spans = new InMemoryReporter();
    String traceId;
    try (MicroservicesDemo demo = MicroservicesDemo.start(
        endpoint -> Tracer.builder().localEndpoint(endpoint).reporter(spans).build(), URI.create("http://zipkin:9411"))) {
      traceId = demo.sendRequest();
    }

    List<FinishedSpan> trace = spans.awaitCount(9, Duration.ofSeconds(10));
    assertThat(trace).hasSize(9).allSatisfy(s -> assertThat(s.context().traceIdString()).isEqualTo(traceId));
    Map<String, FinishedSpan> servers = trace.stream().filter(s -> s.kind() == Kind.SERVER)
        .collect(Collectors.toMap(s -> s.localEndpoint().serviceName(), s -> s));
    assertThat(servers).containsOnlyKeys("service_a", "service_b", "service_c", "service_d", "service_e");
    List<FinishedSpan> clients = trace.stream().filter(s -> s.kind() == Kind.CLIENT).collect(Collectors.toList());
    assertThat(clients).hasSize(4);
    // each callee's server span shares the id of its caller's client span, whose parent is the caller's server span
    assertCall(servers, clients, "service_a", "service_b");
    assertCall(servers, clients, "service_a", "service_e");
    assertCall(servers, clients, "service_b", "service_c");
    assertCall(servers, clients, "service_b", "service_d");
    assertThat(servers.get("service_a").context().parentId()).isZero();
  }

  @Test
  void theBrowsersFaviconRequestIsAnsweredWithoutTracingOrCallingTheServices() throws Exception {
    InMemoryReporter spans = new InMemoryReporter();
    HttpResponse<String> favicon;
    try (MicroservicesDemo demo = MicroservicesDemo.start(
        endpoint -> Tracer.builder().localEndpoint(endpoint).reporter(spans).build(), URI.create("http://zipkin:9411"))) {
      favicon = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(demo.frontUrl().resolve(MicroservicesDemo.FAVICON_PATH)).build(),
          HttpResponse.BodyHandlers.ofString());
    } // close() waits for the requests in progress, so any span they made is reported by now

    assertThat(favicon.statusCode()).isEqualTo(404);
    assertThat(favicon.headers().firstValue(MicroservicesDemo.TRACE_ID_HEADER)).isEmpty();
    assertThat(spans.spans()).isEmpty();
  }

  private static void assertCall(Map<String, FinishedSpan> servers, List<FinishedSpan> clients, String caller, String callee) {
    FinishedSpan server = servers.get(callee);
    FinishedSpan client = clients.stream().filter(c -> c.context().spanId() == server.context().spanId())
        .findFirst().orElseThrow(() -> new AssertionError("no client span for " + callee));
    assertThat(client.localEndpoint().serviceName()).isEqualTo(caller);
    assertThat(client.context().parentId()).isEqualTo(servers.get(caller).context().spanId());
    assertThat(server.context().shared()).isTrue();
  }
}
