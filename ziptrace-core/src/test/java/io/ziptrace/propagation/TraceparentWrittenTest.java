package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.TraceContext;
import org.junit.jupiter.api.Test;

/** Which trace formats write traceparent for a context, so that baggage goes to W3C peers too. */
class TraceparentWrittenTest {
  final TraceContext plain = TraceContext.builder().traceId(1L, 2L).spanId(3L).build();
  final TraceContext withTraceState = plain.toBuilder().traceState("congo=t61rcWkgMzE").build();

  @Test
  void w3cAlways_b3Never_b3WithTraceStateOnlyForATraceThatHasOne() {
    assertThat(TraceparentWritten.by(TraceparentPropagation.create()).test(plain)).isTrue();
    assertThat(TraceparentWritten.by(B3Propagation.multi()).test(withTraceState)).isFalse();
    assertThat(TraceparentWritten.by(B3Propagation.single().withTraceState()).test(plain)).isFalse();
    assertThat(TraceparentWritten.by(B3Propagation.single().withTraceState()).test(withTraceState)).isTrue();
  }

  @Test
  void aCompositeWritesItWhenAnyOfItsMembersDoes() {
    Propagation b3First = CompositePropagation.of(B3Propagation.multi(), B3Propagation.single().withTraceState());

    assertThat(TraceparentWritten.by(b3First).test(plain)).isFalse();
    assertThat(TraceparentWritten.by(b3First).test(withTraceState)).isTrue();
    assertThat(TraceparentWritten.by(CompositePropagation.of(B3Propagation.multi(), TraceparentPropagation.create()))
        .test(plain)).isTrue();
  }
}
