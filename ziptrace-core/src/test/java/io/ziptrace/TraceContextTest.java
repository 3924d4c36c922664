package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceContextTest {
  @Test
  void idsAreWrittenAsLowercaseHex() {
    TraceContext c = TraceContext.builder().traceId(0x463ac35c9f6413adL, 0x48485a3953bb6124L)
        .spanId(0xa2fb4a1d1a96d312L).parentId(0x0020000000000001L).sampled(true).build();

    assertThat(c.traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(c.spanIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(c.parentIdString()).isEqualTo("0020000000000001");
    assertThat(c.is128Bit()).isTrue();
  }

  @Test
  void rootHasNoParentIdString() {
    TraceContext c = TraceContext.builder().traceId(1L).spanId(1L).build();

    assertThat(c.parentIdString()).isNull();
    assertThat(c.traceIdString()).isEqualTo("0000000000000001");
    assertThat(c.is128Bit()).isFalse();
  }

  @Test
  void samplingStates() {
    TraceContext.Builder b = TraceContext.builder().traceId(1L).spanId(2L);

    assertThat(b.build().sampled()).isNull();
    assertThat(b.build().isSampled()).isFalse();
    assertThat(b.sampled(false).build().sampled()).isFalse();
    assertThat(b.sampled(true).build().isSampled()).isTrue();
    assertThat(b.sampled(null).debug(true).build().isSampled()).isTrue();
  }

  @Test
  void zeroIdsAreRejected() {
    assertThatThrownBy(() -> TraceContext.builder().spanId(1L).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceContext.builder().traceId(1L).build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueSemantics() {
    TraceContext a = TraceContext.builder().traceId(1L).spanId(2L).parentId(3L).sampled(true).shared(true).build();
    TraceContext b = a.toBuilder().build();
    TraceContext notShared = a.toBuilder().shared(false).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(notShared);
    assertThat(a.toString()).contains(a.traceIdString()).contains(a.spanIdString());
  }

  @Test
  void hexFormsAreKeptAndAChildReusesItsTraceIdButNotAStaleOne() {
    TraceContext parent = TraceContext.builder().traceId(0xaL).spanId(0xbL).build();
    String traceId = parent.traceIdString();

    assertThat(parent.traceIdString()).isSameAs(traceId);
    assertThat(parent.spanIdString()).isSameAs(parent.spanIdString());
    TraceContext child = parent.toBuilder().parentId(0xbL).spanId(0xcL).build();
    assertThat(child.traceIdString()).isSameAs(traceId);
    assertThat(child.parentIdString()).isEqualTo("000000000000000b");
    assertThat(child.spanIdString()).isEqualTo("000000000000000c");
    TraceContext otherTrace = parent.toBuilder().traceId(0x1L, 0xdL).build();
    assertThat(otherTrace.traceIdString()).isEqualTo("0000000000000001000000000000000d");
  }

  @Test
  void theParentIdsHexFormIsKeptForAContextInjectedMoreThanOnce() {
    TraceContext child = TraceContext.builder().traceId(0xaL).spanId(0xcL).parentId(0xbL).build();

    assertThat(child.parentIdString()).isEqualTo("000000000000000b").isSameAs(child.parentIdString());
  }

  @Test
  void traceStateAndBaggageSurviveEachOthersChangesAndAreInheritedTogether() {
    BaggageField tenant = BaggageField.remote("tenant");
    TraceContext withState = TraceContext.builder().traceId(1L).spanId(2L).traceState("vendor=a").build();
    TraceContext both = withState.withBaggage(tenant, "acme");
    TraceContext child = both.toBuilder().parentId(2L).spanId(3L).build();
    TraceContext stateRemoved = child.toBuilder().traceState(null).build();

    assertThat(both.traceState()).isEqualTo("vendor=a");
    assertThat(both.baggage(tenant)).isEqualTo("acme");
    assertThat(withState.baggage(tenant)).isNull();
    assertThat(child.traceState()).isEqualTo("vendor=a");
    assertThat(child.baggage()).containsExactly(java.util.Map.entry("tenant", "acme"));
    assertThat(stateRemoved.traceState()).isNull();
    assertThat(stateRemoved.baggage(tenant)).isEqualTo("acme");
    assertThat(stateRemoved.withoutBaggage().baggage()).isEmpty();
    assertThat(stateRemoved.withoutBaggage().traceState()).isNull();
  }
}
