package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.zipkin.Zipkin;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.examples.SimpleExample;
import io.ziptrace.reporting.AsyncReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spans reach a real Zipkin server intact, by every encoding, and all of them. */
class ZipkinDeliveryTest {
  final ZipkinServer zipkin = ZipkinServer.shared();

  @Test
  void simpleExampleArrivesIntact() throws Exception {
    TraceContext context;
    try (Tracer tracer = Zipkin.tracer(zipkin.spansUrl(), SimpleExample.endpoint(), 1.0)) {
      context = SimpleExample.traceSlowQuery(tracer);
    }

    zipkin2.Span span = zipkin.awaitTrace(context.traceIdString(), 1).get(0);
    assertThat(span.name()).isEqualTo("slow sql"); // Zipkin stores names in lowercase
    assertThat(span.kind()).isEqualTo(zipkin2.Span.Kind.CLIENT);
    assertThat(span.tags()).containsEntry("span_type", "root");
    assertThat(span.annotations()).extracting(zipkin2.Annotation::value)
        .containsExactly("START SQL SELECT * FROM", "END SQL");
    assertThat(span.localServiceName()).isEqualTo("simple_service");
    assertThat(span.localEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(span.localEndpoint().portAsInt()).isEqualTo(8080);
    assertThat(span.timestampAsLong()).isPositive();
    assertThat(span.durationAsLong()).isGreaterThanOrEqualTo(100_000L);
    assertThat(span.annotations().get(1).timestamp() - span.annotations().get(0).timestamp())
        .isGreaterThanOrEqualTo(100_000L);
  }

  @ParameterizedTest(name = "{0}, gzip {1}, http2 {2}")
  @CsvSource({"JSON, false, false", "JSON, true, false", "PROTO3, false, false", "PROTO3, true, false",
      "JSON, false, true", "PROTO3, true, true"})
  void parentAndChildrenArriveAsOneTrace(Encoding encoding, boolean gzip, boolean http2) {
    AsyncReporter reporter = Spans.reporter(zipkin.spansUrl(), encoding, gzip, http2);
    TraceContext parent;
    List<TraceContext> children = new ArrayList<>();
    try (Tracer tracer = Spans.tracer("delivery-" + encoding.name().toLowerCase() + "-" + gzip + "-" + http2, reporter)) {
      Span root = tracer.newTrace().name("parent").kind(Kind.SERVER).start();
      parent = root.context();
      for (String name : List.of("child one", "child two")) {
        Span child = root.newChild(name).kind(Kind.CLIENT).start();
        child.tag("encoding", encoding.name()).annotate("ünïcødé \uD83D\uDE00");
        children.add(child.context());
        child.finish();
      }
      root.finish();
    }

    List<zipkin2.Span> trace = zipkin.awaitTrace(parent.traceIdString(), 3);
    assertThat(trace).hasSize(3);
    assertThat(trace).filteredOn(s -> s.parentId() == null).singleElement()
        .satisfies(s -> assertThat(s.id()).isEqualTo(parent.spanIdString()));
    assertThat(trace).filteredOn(s -> parent.spanIdString().equals(s.parentId()))
        .extracting(zipkin2.Span::id)
        .containsExactlyInAnyOrder(children.get(0).spanIdString(), children.get(1).spanIdString());
    assertThat(trace).filteredOn(s -> s.parentId() != null)
        .allSatisfy(s -> assertThat(s.annotations().get(0).value()).isEqualTo("ünïcødé \uD83D\uDE00"));
    assertThat(reporter.metrics().spansDropped()).isZero();
  }

  @Test
  void twentyThousandSpansFromEightThreadsAllArrive() throws Exception {
    long before = zipkin.spansCollected();
    AsyncReporter reporter = Spans.reporter(zipkin.spansUrl(), Encoding.JSON, false);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Tracer tracer = Spans.tracer("volume", reporter)) {
      Thread[] threads = new Thread[8];
      for (int t = 0; t < threads.length; t++) {
        threads[t] = new Thread(() -> {
          try {
            for (int i = 0; i < 2_500; i++) {
              tracer.newTrace().name("volume").kind(Kind.SERVER).start().tag("i", Integer.toString(i)).finish();
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        threads[t].start();
      }
      for (Thread thread : threads) thread.join();
    } // close() flushes

    assertThat(failure.get()).isNull();
    assertThat(reporter.metrics().spansReported()).isEqualTo(20_000);
    assertThat(reporter.metrics().spansDropped()).isZero();
    assertThat(reporter.metrics().spansSent()).isEqualTo(20_000);
    ZipkinServer.await(zipkin::spansCollected, n -> n - before >= 20_000, "20,000 spans collected");
  }

  @Test
  void spansFinishedRightBeforeCloseArrive() {
    AsyncReporter reporter = AsyncReporter.create(io.ziptrace.reporting.http.HttpSender.create(zipkin.spansUrl()));
    TraceContext last;
    try (Tracer tracer = Spans.tracer("closing", reporter)) {
      Span root = tracer.newTrace().name("last words").start();
      last = root.context();
      for (int i = 0; i < 50; i++) root.newChild("child " + i).start().finish();
      root.finish();
    } // the default send interval is 1 s: only close() can have sent these

    assertThat(reporter.metrics().spansSent()).isEqualTo(51);
    assertThat(zipkin.awaitTrace(last.traceIdString(), 51)).hasSize(51);
  }
}
