package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.sampling.Sampler;
import org.junit.jupiter.api.Test;

class TracerTest {
  final InMemoryReporter reporter = new InMemoryReporter();
  final Endpoint local = Endpoint.builder("frontend").ipv4("10.0.0.1").port(8080).build();
  Tracer tracer = Tracer.builder().localEndpoint(local).reporter(reporter).build();

  @Test
  void newTrace_isARootWithRandomNonZeroIds() {
    TraceContext a = tracer.newTrace().context();
    TraceContext b = tracer.newTrace().context();

    assertThat(a.traceId()).isNotZero().isNotEqualTo(b.traceId());
    assertThat(a.spanId()).isEqualTo(a.traceId());
    assertThat(a.parentId()).isZero();
    assertThat(a.is128Bit()).isFalse();
    assertThat(a.sampled()).isTrue();
    assertThat(a.shared()).isFalse();
    assertThat(a.traceIdString()).hasSize(16).matches("[0-9a-f]{16}");
  }

  @Test
  void newTrace_askTheSampler() {
    Tracer never = Tracer.builder().sampler(Sampler.NEVER).reporter(reporter).build();

    Span span = never.newTrace();

    assertThat(span.isNoop()).isTrue();
    assertThat(span.context().sampled()).isFalse();
  }

  @Test
  void newTrace_forcedDecisionOverridesTheSampler() {
    Tracer never = Tracer.builder().sampler(Sampler.NEVER).reporter(reporter).build();
    Tracer always = Tracer.builder().sampler(Sampler.ALWAYS).reporter(reporter).build();

    assertThat(never.newTrace(true).isNoop()).isFalse();
    assertThat(always.newTrace(false).isNoop()).isTrue();
  }

  @Test
  void newDebugTrace_isSampledAndFlagged() {
    Tracer never = Tracer.builder().sampler(Sampler.NEVER).reporter(reporter).build();

    Span span = never.newDebugTrace();

    assertThat(span.isNoop()).isFalse();
    assertThat(span.context().debug()).isTrue();
    assertThat(span.context().isSampled()).isTrue();
  }

  @Test
  void traceId128Bit_putsEpochSecondsInTheHighBits() {
    Tracer wide = Tracer.builder().traceId128Bit(true).clock(() -> 1_700_000_000_123_456L).build();

    TraceContext context = wide.newTrace().context();

    assertThat(context.is128Bit()).isTrue();
    assertThat(context.traceIdHigh() >>> 32).isEqualTo(1_700_000_000L);
    assertThat(context.traceIdString()).hasSize(32).startsWith(Long.toHexString(1_700_000_000L));
  }

  @Test
  void newChild_keepsTheTraceAndPointsAtTheParent() {
    TraceContext parent = tracer.newTrace().context();

    TraceContext child = tracer.newChild(parent).context();

    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.parentId()).isEqualTo(parent.spanId());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).isNotZero();
    assertThat(child.sampled()).isTrue();
    assertThat(child.shared()).isFalse();
  }

  @Test
  void newChild_inheritsAnUnsampledDecisionEvenIfTheSamplerWouldSample() {
    TraceContext parent = TraceContext.builder().traceId(1L).spanId(2L).sampled(false).build();

    Span child = tracer.newChild(parent);

    assertThat(child.isNoop()).isTrue();
    assertThat(child.context().parentId()).isEqualTo(2L);
  }

  @Test
  void joinSpan_sharesTheCallersSpanId() {
    TraceContext incoming = TraceContext.builder().traceId(0xaL, 1L).spanId(2L).parentId(3L).sampled(true).build();

    TraceContext joined = tracer.joinSpan(incoming).context();

    assertThat(joined.traceIdHigh()).isEqualTo(0xaL);
    assertThat(joined.traceId()).isEqualTo(1L);
    assertThat(joined.spanId()).isEqualTo(2L);
    assertThat(joined.parentId()).isEqualTo(3L);
    assertThat(joined.shared()).isTrue();
  }

  @Test
  void joinSpan_undecidedSamplingIsDecidedByTheSampler() {
    TraceContext incoming = TraceContext.builder().traceId(1L).spanId(2L).build();
    Tracer never = Tracer.builder().sampler(Sampler.NEVER).build();

    assertThat(tracer.joinSpan(incoming).context().sampled()).isTrue();
    assertThat(never.joinSpan(incoming).context().sampled()).isFalse();
  }

  @Test
  void joinSpan_withoutJoinSupportStartsAChild() {
    Tracer noJoin = Tracer.builder().supportsJoin(false).build();
    TraceContext incoming = TraceContext.builder().traceId(1L).spanId(2L).sampled(true).build();

    TraceContext server = noJoin.joinSpan(incoming).context();

    assertThat(server.traceId()).isEqualTo(1L);
    assertThat(server.parentId()).isEqualTo(2L);
    assertThat(server.spanId()).isNotEqualTo(2L);
    assertThat(server.shared()).isFalse();
  }

  @Test
  void aNullParentStartsANewTraceAndCountsMisuse_newChild() {
    assertNullParentIsANewCountedTrace(() -> tracer.newChild(null));
  }

  @Test
  void aNullParentStartsANewTraceAndCountsMisuse_joinSpan() {
    assertNullParentIsANewCountedTrace(() -> tracer.joinSpan(null));
  }

  @Test
  void aNullParentStartsANewTraceAndCountsMisuse_nextSpan() {
    assertNullParentIsANewCountedTrace(() -> tracer.nextSpan(null));
  }

  /** A null parent: no throw, a new root span that is reported, one misuse counted. */
  void assertNullParentIsANewCountedTrace(java.util.function.Supplier<Span> start) {
    long before = tracer.ignoredMisuseCount();

    Span span = start.get().name("orphan").start();
    span.finish();

    assertThat(tracer.ignoredMisuseCount()).isEqualTo(before + 1);
    assertThat(reporter.spans()).singleElement().satisfies(finished -> {
      assertThat(finished.name()).isEqualTo("orphan");
      assertThat(finished.context().parentId()).isZero();
      assertThat(finished.context().shared()).isFalse();
      assertThat(finished.context().spanId()).isEqualTo(finished.context().traceId());
    });
  }

  @Test
  void aNullParentIsDecidedByTheSampler() {
    Tracer never = Tracer.builder().sampler(Sampler.NEVER).reporter(reporter).build();

    assertThat(never.newChild(null).isNoop()).isTrue();
    assertThat(never.joinSpan(null).isNoop()).isTrue();
    assertThat(never.nextSpan(null).isNoop()).isTrue();
    assertThat(never.ignoredMisuseCount()).isEqualTo(3);
  }

  @Test
  void aRequestThatCarriedNothingIsNoMisuse() {
    tracer.nextSpan(IncomingContext.EMPTY);

    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  @Test
  void countMisuse_addsOneToTheCount() {
    tracer.countMisuse();
    tracer.countMisuse();

    assertThat(tracer.ignoredMisuseCount()).isEqualTo(2);
  }

  @Test
  void nextSpan_followsWhatTheRequestSaid() {
    TraceContext incoming = TraceContext.builder().traceId(1L).spanId(2L).sampled(true).build();
    Tracer never = Tracer.builder().sampler(Sampler.NEVER).build();

    assertThat(tracer.nextSpan(IncomingContext.of(incoming)).context().shared()).isTrue();
    assertThat(tracer.nextSpan(IncomingContext.EMPTY).context().parentId()).isZero();
    assertThat(tracer.nextSpan(IncomingContext.samplingOnly(false, false)).isNoop()).isTrue();
    assertThat(never.nextSpan(IncomingContext.samplingOnly(true, false)).isNoop()).isFalse();
    assertThat(never.nextSpan(IncomingContext.samplingOnly(null, true)).context().debug()).isTrue();
  }

  @Test
  void aThrowingSamplerMeansNotSampled() {
    Tracer broken = Tracer.builder().sampler(id -> { throw new IllegalStateException("boom"); }).build();

    assertThat(broken.newTrace().isNoop()).isTrue();
    assertThat(broken.ignoredMisuseCount()).isEqualTo(1);
  }

  @Test
  void aThrowingReporterNeverReachesTheApplication() {
    Tracer broken = Tracer.builder().reporter(span -> { throw new IllegalStateException("boom"); }).build();

    broken.newTrace().name("x").start().finish();

    assertThat(broken.ignoredMisuseCount()).isEqualTo(1);
  }

  @Test
  void close_closesTheReporterAndSwallowsItsFailure() {
    boolean[] closed = {false};
    Tracer t = Tracer.builder().reporter(new io.ziptrace.Reporter() {
      @Override
      public void report(FinishedSpan span) {}

      @Override
      public void close() {
        closed[0] = true;
        throw new IllegalStateException("boom");
      }
    }).build();

    t.close();

    assertThat(closed[0]).isTrue();
  }

  @Test
  void aLocalEndpointWithoutServiceNameIsRejected() {
    String message = "the local endpoint has no service name: give one, e.g. Endpoint.of(\"checkout\");"
        + " Zipkin lists spans by service, so spans without one would not show under any service";
    assertThatThrownBy(() -> Tracer.builder().localEndpoint(Endpoint.of(null))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> Tracer.builder().localEndpoint(Endpoint.builder("").ipv4("10.0.0.1").build())).hasMessage(message);
    assertThatThrownBy(() -> Tracer.builder().localEndpoint(Endpoint.of(" "))).hasMessage(message);
    assertThat(Tracer.builder().build().localEndpoint().serviceName()).isEqualTo("unknown");
  }

  @Test
  void remoteEndpointsMayHaveNoServiceName() {
    Span span = tracer.newTrace().name("call").start();
    span.remoteEndpoint(Endpoint.builder(null).ipv4("10.0.0.2").build());
    span.finish();
    assertThat(reporter.spans().get(0).remoteEndpoint().serviceName()).isNull();
  }
}
