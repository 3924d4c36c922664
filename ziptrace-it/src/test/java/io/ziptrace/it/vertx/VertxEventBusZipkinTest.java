package io.ziptrace.it.vertx;

import static io.ziptrace.it.vertx.VertxApps.await;
import static io.ziptrace.it.vertx.VertxApps.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.client.WebClient;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.vertx.VertxTracing;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.Span.Kind;

/** Event-bus and failed calls made while handling a traced request, as Zipkin stores them. */
class VertxEventBusZipkinTest {
  static final String ADDRESS_TAG = "vertx.eventbus.address";

  final ZipkinServer zipkin = ZipkinServer.shared();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-bus"))
      .reporter(AsyncReporter.create(HttpSender.create(zipkin.spansUrl()))).build();
  final Vertx traced = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
  final Vertx untraced = Vertx.vertx();
  final WebClient caller = WebClient.create(untraced);

  @AfterEach
  void close() throws Exception {
    await(traced.close());
    await(untraced.close());
    tracer.close();
  }

  @Test
  void requestReplyPublishAndAFailedConsumerAreLinkedToTheRequest() throws Exception {
    EventBus bus = traced.eventBus();
    bus.<String>consumer("it.echo", message -> message.reply(message.body()));
    for (int i = 0; i < 3; i++) bus.<String>consumer("it.news", message -> {});
    bus.<String>consumer("it.broken", message -> message.fail(500, "boom"));
    int port = listen(traced, request -> bus.request("it.echo", "ping")
        .onSuccess(reply -> bus.publish("it.news", "hello"))
        .compose(reply -> bus.request("it.broken", "ping").transform(broken ->
            broken.failed() ? Future.succeededFuture(broken.cause().getMessage()) : Future.failedFuture("no failure")))
        .onSuccess(failure -> request.response().end(failure))
        .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e))));
    IncomingB3 b3 = IncomingB3.random();

    assertThat(await(b3.on(caller.get(port, "127.0.0.1", "/")).send()).bodyAsString()).isEqualTo("boom");

    // SERVER; send + its CONSUMER; publish + 3 CONSUMERs; the failed send + its CONSUMER
    List<Span> trace = zipkin.awaitTrace(b3.traceId(), 9);
    assertThat(trace).hasSize(9).extracting(Span::traceId).containsOnly(b3.traceId());
    Span server = only(trace, Kind.SERVER, null);
    assertThat(server.id()).isEqualTo(b3.spanId());
    for (String address : List.of("it.echo", "it.news", "it.broken")) {
      Span producer = only(trace, Kind.PRODUCER, address);
      assertThat(producer.parentId()).as(address).isEqualTo(server.id());
      assertThat(producer.remoteServiceName()).isEqualTo("vertx-eventbus");
      assertThat(trace).filteredOn(s -> s.kind() == Kind.CONSUMER && address.equals(s.tags().get(ADDRESS_TAG)))
          .as(address).hasSize(address.equals("it.news") ? 3 : 1)
          .allSatisfy(consumer -> assertThat(consumer.parentId()).isEqualTo(producer.id()));
    }
    assertThat(only(trace, Kind.PRODUCER, "it.broken").name()).isEqualTo("send");
    assertThat(only(trace, Kind.PRODUCER, "it.news").name()).isEqualTo("publish");
    // Vert.x reports the failure to the sender only: the reply to the consumer's span is a plain reply.
    assertThat(only(trace, Kind.PRODUCER, "it.broken").tags()).containsEntry("error", "boom");
    assertThat(trace).filteredOn(s -> s.tags().containsKey("error")).hasSize(1);
  }

  @Test
  void aClientRequestWhoseConnectionTheServerDropsCarriesTheErrorTag() throws Exception {
    int droppingPort = listen(untraced, request -> request.connection().close());
    WebClient client = WebClient.create(traced);
    int port = listen(traced, request -> client.get(droppingPort, "127.0.0.1", "/dropped").send()
        .onSuccess(response -> request.response().setStatusCode(500).end("no failure"))
        .onFailure(e -> request.response().end("failed")));
    IncomingB3 b3 = IncomingB3.random();

    assertThat(await(b3.on(caller.get(port, "127.0.0.1", "/")).send()).bodyAsString()).isEqualTo("failed");

    List<Span> trace = zipkin.awaitTrace(b3.traceId(), 2);
    assertThat(trace).hasSize(2);
    Span server = only(trace, Kind.SERVER, null);
    Span clientSpan = only(trace, Kind.CLIENT, null);
    assertThat(clientSpan.parentId()).isEqualTo(server.id());
    assertThat(clientSpan.tags()).containsKey("error").containsEntry("http.path", "/dropped");
    assertThat(server.tags()).doesNotContainKey("error");
  }

  private static Span only(List<Span> trace, Kind kind, String address) {
    List<Span> matching = trace.stream()
        .filter(s -> s.kind() == kind && (address == null || address.equals(s.tags().get(ADDRESS_TAG)))).toList();
    assertThat(matching).as("%s %s in %s", kind, address, trace).hasSize(1);
    return matching.get(0);
  }
}
