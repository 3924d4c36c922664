package io.ziptrace.examples.vertx;

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
import org.junit.jupiter.api.Test;

class VertxDemoTest {
  final InMemoryReporter spans = new InMemoryReporter();

  @Test
  void oneRequestMakesOneTraceOverHttpTheEventBusAndSql() throws Exception {
    List<FinishedSpan> trace;
    String traceId;
    try (VertxDemo demo = VertxDemo.start(
        endpoint -> Tracer.builder().localEndpoint(endpoint).reporter(spans).build(), URI.create("http://zipkin:9411"))) {
      traceId = demo.sendRequest();
      trace = spans.awaitCount(VertxDemo.SPANS_PER_REQUEST, Duration.ofSeconds(20));
    }

    assertThat(trace).hasSize(VertxDemo.SPANS_PER_REQUEST)
        .allSatisfy(s -> assertThat(s.context().traceIdString()).isEqualTo(traceId));
    FinishedSpan front = only(trace, Kind.SERVER, FrontService.NAME);
    FinishedSpan call = only(trace, Kind.CLIENT, FrontService.NAME);
    FinishedSpan users = only(trace, Kind.SERVER, UsersService.NAME);
    FinishedSpan query = only(trace, Kind.CLIENT, UsersService.NAME);
    assertThat(front.context().parentId()).isZero();
    assertThat(front.name()).isEqualTo("GET /");
    // the users service's server span shares the id of the front's client span
    assertThat(call.context().parentId()).isEqualTo(front.context().spanId());
    assertThat(users.context().spanId()).isEqualTo(call.context().spanId());
    assertThat(users.context().shared()).isTrue();
    assertThat(users.name()).isEqualTo("GET /users/:id");
    assertThat(query.context().parentId()).isEqualTo(users.context().spanId());
    assertThat(query.tags()).containsEntry("sql.query", UsersService.QUERY);
    assertThat(query.tags().values()).noneMatch(value -> value.contains(UsersService.USER_NAME));

    FinishedSpan send = producer(trace, "send");
    FinishedSpan publish = producer(trace, "publish");
    assertThat(List.of(send, publish)).allSatisfy(p -> {
      assertThat(p.context().parentId()).isEqualTo(front.context().spanId());
      assertThat(p.remoteEndpoint().serviceName()).isEqualTo("vertx-eventbus");
    });
    assertThat(consumersOf(trace, send)).singleElement()
        .satisfies(c -> assertThat(c.tags()).containsEntry("vertx.eventbus.address", FrontService.GREETINGS));
    assertThat(consumersOf(trace, publish)).hasSize(2)
        .allSatisfy(c -> assertThat(c.tags()).containsEntry("vertx.eventbus.address", FrontService.VISITS))
        .filteredOn(c -> UsersService.USER_NAME.equals(c.tags().get(FrontService.VISITOR_TAG))).hasSize(1);
  }

  @Test
  void theBrowsersFaviconRequestIsAnsweredWithoutTracing() throws Exception {
    HttpResponse<String> favicon;
    try (VertxDemo demo = VertxDemo.start(
        endpoint -> Tracer.builder().localEndpoint(endpoint).reporter(spans).build(), URI.create("http://zipkin:9411"))) {
      favicon = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(demo.frontUrl().resolve(VertxDemo.FAVICON_PATH)).build(),
          HttpResponse.BodyHandlers.ofString());
    } // close() stops Vert.x and closes the tracers, so any span the request made is reported by now

    assertThat(favicon.statusCode()).isEqualTo(404);
    assertThat(favicon.headers().firstValue(VertxDemo.TRACE_ID_HEADER)).isEmpty();
    assertThat(spans.spans()).isEmpty();
  }

  private static FinishedSpan only(List<FinishedSpan> trace, Kind kind, String service) {
    assertThat(trace).filteredOn(s -> s.kind() == kind && s.localEndpoint().serviceName().equals(service)).hasSize(1);
    return trace.stream().filter(s -> s.kind() == kind && s.localEndpoint().serviceName().equals(service))
        .findFirst().orElseThrow();
  }

  private static FinishedSpan producer(List<FinishedSpan> trace, String name) {
    assertThat(trace).filteredOn(s -> s.kind() == Kind.PRODUCER && s.name().equals(name)).hasSize(1);
    return trace.stream().filter(s -> s.kind() == Kind.PRODUCER && s.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<FinishedSpan> consumersOf(List<FinishedSpan> trace, FinishedSpan producer) {
    return trace.stream()
        .filter(s -> s.kind() == Kind.CONSUMER && s.context().parentId() == producer.context().spanId()).toList();
  }
}
