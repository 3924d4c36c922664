package io.ziptrace.micrometer;

import static io.micrometer.tracing.test.simple.SpansAssert.then;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.ScopedSpan;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.FinishedSpan;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracer and its spans, as Micrometer's documentation uses them. */
class ZiptraceTracerTest {
  final Bridge bridge = new Bridge();
  final Tracer tracer = bridge.tracer;

  @AfterEach
  void close() {
    assertThat(tracer.currentSpan()).isNull();
    bridge.close();
  }

  @Test
  void manualSpanInScopeIsCurrentAndReported() {
    Span span = tracer.nextSpan().name("calculateTax");
    try (Tracer.SpanInScope ws = tracer.withSpan(span.start())) {
      assertThat(tracer.currentSpan()).isEqualTo(span);
      tracer.currentSpan().tag("taxValue", "10");
      span.event("taxCalculated");
    } finally {
      span.end();
    }
    then(bridge.spans()).hasNumberOfSpansEqualTo(1).hasASpanWithName("calculateTax", s -> s
        .hasTag("taxValue", "10").hasEventWithNameEqualTo("taxCalculated").isStarted().isEnded());
    assertThat(bridge.zipkin.spans()).singleElement().satisfies(s -> assertThat(s.tag("taxValue")).isEqualTo("10"));
  }

  @Test
  void theCurrentSpansZiptraceContextContinuesTheTraceWithTheExplicitApi() {
    assertThat(bridge.bridge.currentContext()).isNull();
    Span parent = tracer.nextSpan().name("handler").start();
    try (Tracer.SpanInScope ws = tracer.withSpan(parent)) {
      io.ziptrace.TraceContext current = bridge.bridge.currentContext();
      bridge.bridge.ziptraceTracer().newChild(current).name("explicit").start().finish();

      assertThat(current.spanIdString()).isEqualTo(parent.context().spanId());
    }
    parent.end();
    assertThat(bridge.bridge.currentContext()).isNull();
    then(bridge.spans()).haveSameTraceId().hasASpanWithName("explicit", s -> s.hasParentIdEqualTo(parent.context().spanId()));
  }

  @Test
  void nextSpanIsAChildOfTheCurrentSpan() {
    Span parent = tracer.nextSpan().name("parent").start();
    try (Tracer.SpanInScope ws = tracer.withSpan(parent)) {
      Span child = tracer.nextSpan().name("child").start();
      child.end();
      assertThat(child.context().traceId()).isEqualTo(parent.context().traceId());
      assertThat(child.context().parentId()).isEqualTo(parent.context().spanId());
    }
    parent.end();
    then(bridge.spans()).haveSameTraceId().hasNumberOfSpansEqualTo(2);
  }

  @Test
  void nextSpanOfAParentContinuesItOnAnotherThread() throws Exception {
    Span initial = tracer.nextSpan().name("initial").start();
    Span continued = CompletableFuture.supplyAsync(() -> {
      try (Tracer.SpanInScope ws = tracer.withSpan(initial)) {
        Span child = tracer.nextSpan(tracer.currentSpan()).name("async").start();
        child.end();
        return child;
      }
    }).get(10, TimeUnit.SECONDS);
    initial.end();
    assertThat(continued.context().parentId()).isEqualTo(initial.context().spanId());
    assertThat(continued.context().traceId()).hasSize(32);
  }

  @Test
  void currentSpanWritesIntoTheSpanInFlight() {
    Span span = tracer.nextSpan().name("in flight").start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      tracer.currentSpan().name("renamed");
      tracer.currentSpanCustomizer().tag("customized", "yes");
      bridge.bridge.spanCustomizer().event("through the bean");
    }
    span.end();
    then(bridge.spans()).hasASpanWithName("renamed", s -> s.hasTag("customized", "yes")
        .hasEventWithNameEqualTo("through the bean"));
  }

  @Test
  void withSpanNullClearsTheCurrentSpanUntilClosed() {
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      try (Tracer.SpanInScope cleared = tracer.withSpan(null)) {
        assertThat(tracer.currentSpan()).isNull();
        assertThat(tracer.currentSpanCustomizer()).isSameAs(io.micrometer.tracing.SpanCustomizer.NOOP);
      }
      assertThat(tracer.currentSpan()).isEqualTo(span);
    }
    span.end();
  }

  @Test
  void scopedSpanIsCurrentUntilEnded() {
    ScopedSpan scoped = tracer.startScopedSpan("scoped");
    assertThat(tracer.currentSpan().context()).isEqualTo(scoped.context());
    scoped.tag("k", "v").event("e").error(new IllegalStateException("boom"));
    scoped.end();
    assertThat(tracer.currentSpan()).isNull();
    then(bridge.spans()).hasASpanWithName("scoped", s -> s.hasTag("k", "v").hasTag("error", "boom")
        .hasEventWithNameEqualTo("e").assertThatThrowable().isInstanceOf(IllegalStateException.class));
  }

  @Test
  void typedAndMultiValueTagsAreCommaJoined() {
    tracer.nextSpan().name("typed").tag("long", 2L).tag("double", 2.5).tag("bool", true)
        .tagOfStrings("strings", List.of("a", "b")).tagOfLongs("longs", List.of(1L, 2L))
        .tagOfDoubles("doubles", List.of(1.5, 2.5)).tagOfBooleans("booleans", List.of(true, false))
        .start().end();
    then(bridge.spans()).hasASpanWithName("typed", s -> s.hasTag("long", "2").hasTag("double", "2.5")
        .hasTag("bool", "true").hasTag("strings", "a,b").hasTag("longs", "1,2").hasTag("doubles", "1.5,2.5")
        .hasTag("booleans", "true,false"));
  }

  @Test
  void endAtAGivenTimeAndEventAtAGivenTime() {
    long startMillis = System.currentTimeMillis() - 1_000;
    Span span = tracer.spanBuilder().name("timed").startTimestamp(startMillis, TimeUnit.MILLISECONDS).start();
    span.event("middle", startMillis + 500, TimeUnit.MILLISECONDS);
    span.end(startMillis + 1_000, TimeUnit.MILLISECONDS);
    FinishedSpan finished = bridge.reported.poll();
    assertThat(finished.getStartTimestamp().toEpochMilli()).isEqualTo(startMillis);
    assertThat(finished.getDuration().toMillis()).isEqualTo(1_000);
    assertThat(finished.getEvents()).singleElement()
        .satisfies(e -> assertThat(e.getKey()).isEqualTo((startMillis + 500) * 1000));
  }

  @Test
  void abandonedSpanIsNotReported() {
    Span span = tracer.nextSpan().name("abandoned").start();
    span.abandon();
    then(bridge.spans()).isEmpty();
    assertThat(bridge.zipkin.spans()).isEmpty();
  }

  @Test
  void remoteServiceNameAndAddressSetSeparatelyBothSurvive() {
    tracer.nextSpan().name("client").remoteServiceName("db").remoteIpAndPort("10.0.0.7", 5432).start().end();
    tracer.nextSpan().name("hostname").remoteIpAndPort("db.example", -1).remoteServiceName("db").start().end();
    then(bridge.spans()).hasASpanWithName("client", s -> s.hasRemoteServiceNameEqualTo("db")
        .hasIpEqualTo("10.0.0.7").hasPortEqualTo(5432));
    then(bridge.spans()).hasASpanWithName("hostname", s -> s.hasRemoteServiceNameEqualTo("db")
        .hasPortThatIsNotSet());
  }

  @Test
  void unsampledSpanIsNoopButStillHasAContext() {
    try (Bridge never = new Bridge()) {
      Span span = never.bridge.tracer().spanBuilder()
          .setParent(never.tracer.traceContextBuilder().traceId("0af7651916cd43dd8448eb211c80319c")
              .spanId("b7ad6b7169203331").sampled(false).build())
          .start();
      assertThat(span.isNoop()).isTrue();
      assertThat(span.context().sampled()).isFalse();
      span.end();
      then(never.spans()).isEmpty();
    }
  }

  @Test
  void contextWithoutSpanInScopeGivesANoopCurrentSpanThatParentsChildren() {
    TraceContext context = tracer.traceContextBuilder().traceId("463ac35c9f6413ad").spanId("a2fb4a1d1a96d312")
        .sampled(true).build();
    try (Tracer.SpanInScope ws = tracer.withSpan(new ZiptraceSpan((ZiptraceTraceContext) context))) {
      Span current = tracer.currentSpan();
      assertThat(current.isNoop()).isTrue();
      current.name("ignored").end();
      Span child = tracer.nextSpan().start();
      assertThat(child.context().parentId()).isEqualTo("a2fb4a1d1a96d312");
      child.end();
    }
    then(bridge.spans()).singleElement().satisfies(s -> assertThat(s.getName()).isNull());
  }

  @Test
  void foreignParentIsContinuedFromItsIds() {
    Span foreign = new io.micrometer.tracing.test.simple.SimpleSpan();
    ((io.micrometer.tracing.test.simple.SimpleTraceContext) foreign.context()).setTraceId("463ac35c9f6413ad");
    ((io.micrometer.tracing.test.simple.SimpleTraceContext) foreign.context()).setSpanId("a2fb4a1d1a96d312");
    Span child = tracer.nextSpan(foreign).start();
    assertThat(child.context().traceId()).isEqualTo("463ac35c9f6413ad");
    assertThat(child.context().parentId()).isEqualTo("a2fb4a1d1a96d312");
    child.end();
    assertThat(tracer.nextSpan(Span.NOOP).context().parentId()).isNull();
    assertThat(bridge.bridge.ziptraceTracer().ignoredMisuseCount()).isEqualTo(1);
  }
}
