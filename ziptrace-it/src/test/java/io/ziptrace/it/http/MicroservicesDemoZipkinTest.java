package io.ziptrace.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.zipkin.Zipkin;
import io.ziptrace.Tracer;
import io.ziptrace.examples.microservices.MicroservicesDemo;
import io.ziptrace.it.HeadlessChromium;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.examples.run.ZipkinProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.DependencyLink;
import zipkin2.Span;

/** The demo's trace in a real Zipkin: complete, correctly linked, and drawn as a dependency graph. */
class MicroservicesDemoZipkinTest {
  static final ZipkinServer zipkin = ZipkinServer.shared();
  static String traceId;
  static Instant firstRequest;
  static List<Span> trace;

  @BeforeAll
  static void sendOneRequestThroughTheDemo() throws Exception {
    try (MicroservicesDemo demo = MicroservicesDemo.start(
        endpoint -> Zipkin.tracer(zipkin.spansUrl(), endpoint, 1.0), zipkin.baseUrl())) {
      firstRequest = Instant.now();
      traceId = demo.sendRequest();
    }
    trace = zipkin.awaitTrace(traceId, MicroservicesDemo.SPANS_PER_REQUEST);
  }

  @Test
  void traceHasFiveServerAndFourClientSpansCorrectlyLinked() {
    assertThat(trace).hasSize(9);
    Map<String, Span> servers = trace.stream().filter(s -> s.kind() == Span.Kind.SERVER)
        .collect(Collectors.toMap(Span::localServiceName, s -> s));
    List<Span> clients = trace.stream().filter(s -> s.kind() == Span.Kind.CLIENT).collect(Collectors.toList());
    assertThat(servers).containsOnlyKeys("service_a", "service_b", "service_c", "service_d", "service_e");
    assertThat(clients).hasSize(4);
    assertThat(servers.get("service_a").parentId()).isNull();
    for (String[] call : new String[][] {{"service_a", "service_b"}, {"service_a", "service_e"},
        {"service_b", "service_c"}, {"service_b", "service_d"}}) {
      Span server = servers.get(call[1]);
      Span client = clients.stream().filter(c -> c.id().equals(server.id())).findFirst()
          .orElseThrow(() -> new AssertionError("no client span shares the id of " + call[1]));
      assertThat(server.shared()).isTrue();
      assertThat(client.localServiceName()).isEqualTo(call[0]);
      assertThat(client.parentId()).isEqualTo(servers.get(call[0]).id());
      assertThat(server.tags()).containsEntry("http.status_code", "200");
    }
  }

  @Test
  void dependencyGraphShowsTheCalls() {
    List<DependencyLink> links = ZipkinServer.await(zipkin::dependencies, l -> l.size() >= 4, "4 dependency links");

    assertThat(links).extracting(l -> l.parent() + "->" + l.child()).contains(
        "service_a->service_b", "service_a->service_e", "service_b->service_c", "service_b->service_d");
  }

  @Test
  void zipkinUiShowsAllFiveServices() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();

    String dom = chromium.dumpDom(zipkin.baseUrl() + "/zipkin/traces/" + traceId, 20_000, Path.of("target"));

    assertThat(dom).contains("service_a", "service_b", "service_c", "service_d", "service_e");
  }

  @Test
  void printedDependenciesLinkOpensOnTheGraph() throws Exception {
    ZipkinServer.await(zipkin::dependencies, l -> l.size() >= 4, "4 dependency links");
    HeadlessChromium chromium = HeadlessChromium.find();
    String url = ZipkinProcess.existing(zipkin.baseUrl()).dependenciesUiUrl(firstRequest);

    String dom = chromium.dumpDom(url, 20_000, Path.of("target"));

    // The graph, service names included, is drawn on a canvas, which the page adds only once it
    // has loaded dependency links; without a time window it asks for one instead.
    assertThat(dom).contains("<canvas").doesNotContain("Please select the start and end time");
  }
}
