package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * W3C {@code tracestate} beside B3: the rule that a context found in B3 headers keeps the
 * tracestate of a {@code traceparent} naming the same span ({@link CompositePropagation}), and
 * {@link B3Propagation#withTraceState()}, which writes {@code traceparent} and {@code tracestate}
 * beside B3 only for a trace that has a tracestate.
 */
class TraceStateBesideB3Test {
  static final String T = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String S = "00f067aa0ba902b7";
  static final String OTHER_SPAN = "b7ad6b7169203331";
  static final String STATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
  static final Propagation B3_FIRST = CompositePropagation.of(B3Propagation.multi(), TraceparentPropagation.create());

  /** Headers as an OpenTelemetry client configured with both B3 and W3C sends them. */
  static Map<String, String> both(String traceparentSpan, String flags, String tracestate) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-b3-traceid", T);
    headers.put("x-b3-spanid", S);
    headers.put("x-b3-sampled", "1");
    headers.put("traceparent", "00-" + T + "-" + traceparentSpan + "-" + flags);
    if (tracestate != null) headers.put("tracestate", tracestate);
    return headers;
  }

  /** Records every header lookup, to show what extraction reads. */
  static final class Recording implements HeaderGetter<Map<String, String>> {
    final List<String> asked = new ArrayList<>();

    @Override
    public String get(Map<String, String> headers, String name) {
      asked.add(name);
      return MapHeaders.GETTER.get(headers, name);
    }

    @Override
    public List<String> getAll(Map<String, String> headers, String name) {
      asked.add(name);
      return MapHeaders.GETTER.getAll(headers, name);
    }
  }

  // --- the composite's rule ---

  @Test
  void aTraceparentWithTheSameIdsGivesItsTracestateToTheB3Context() {
    TraceContext context = B3_FIRST.extract(both(S, "01", STATE), MapHeaders.GETTER).context();

    assertThat(context.traceIdString()).isEqualTo(T);
    assertThat(context.spanIdString()).isEqualTo(S);
    assertThat(context.sampled()).isTrue();
    assertThat(context.traceState()).isEqualTo(STATE);
  }

  @Test
  void theRandomTraceIdFlagOfAMatchingTraceparentIsKeptToo() {
    TraceContext withState = B3_FIRST.extract(both(S, "03", STATE), MapHeaders.GETTER).context();
    TraceContext withoutState = B3_FIRST.extract(both(S, "03", null), MapHeaders.GETTER).context();

    assertThat(withState.randomTraceId()).isTrue();
    assertThat(withoutState.randomTraceId()).isTrue();
    assertThat(withoutState.traceState()).isNull();
    assertThat(B3_FIRST.extract(both(S, "01", STATE), MapHeaders.GETTER).context().randomTraceId()).isFalse();
  }

  @Test
  void b3StillDecidesTheSamplingWhenTheIdsAgree() {
    TraceContext context = B3_FIRST.extract(both(S, "00", STATE), MapHeaders.GETTER).context();

    assertThat(context.sampled()).isTrue();
    assertThat(context.traceState()).isEqualTo(STATE);
  }

  @Test
  void aTraceparentNamingAnotherSpanIsIgnoredEntirely() {
    IncomingContext extracted = B3_FIRST.extract(both(OTHER_SPAN, "03", STATE), MapHeaders.GETTER);

    assertThat(extracted.context().spanIdString()).isEqualTo(S);
    assertThat(extracted.context().traceState()).isNull();
    assertThat(extracted.context().randomTraceId()).isFalse();
  }

  @Test
  void aTraceparentOfAnotherTraceIsIgnoredEntirely() {
    Map<String, String> headers = both(S, "01", STATE);
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-" + S + "-01");

    assertThat(B3_FIRST.extract(headers, MapHeaders.GETTER).context().traceState()).isNull();
  }

  @Test
  void anInvalidTracestateIsDroppedAndTheB3ContextKept() {
    TraceContext context = B3_FIRST.extract(both(S, "01", "rojo=1,@invalid=2"), MapHeaders.GETTER).context();

    assertThat(context.spanIdString()).isEqualTo(S);
    assertThat(context.traceState()).isNull();
  }

  @Test
  void aMalformedTraceparentIsIgnored() {
    Map<String, String> headers = both(S, "01", STATE);
    headers.put("traceparent", headers.get("traceparent").toUpperCase());

    TraceContext context = B3_FIRST.extract(headers, MapHeaders.GETTER).context();

    assertThat(context.spanIdString()).isEqualTo(S);
    assertThat(context.traceState()).isNull();
  }

  @Test
  void withoutATraceparentTheB3ContextIsReturnedUnchanged() {
    Map<String, String> headers = both(S, "01", STATE);
    headers.remove("traceparent");
    IncomingContext b3Alone = B3Propagation.multi().extract(headers, MapHeaders.GETTER);

    IncomingContext extracted = B3_FIRST.extract(headers, MapHeaders.GETTER);

    assertThat(extracted.context()).isEqualTo(b3Alone.context());
    assertThat(extracted.context().traceState()).isNull(); // a tracestate without traceparent means nothing
  }

  @Test
  void withoutATraceparentTheRuleCostsOneLookupAndNoTracestateRead() {
    Map<String, String> headers = both(S, "01", STATE);
    headers.remove("traceparent");
    Recording getter = new Recording();

    B3_FIRST.extract(headers, getter);

    assertThat(getter.asked).containsOnlyOnce("traceparent").doesNotContain("tracestate");
  }

  @Test
  void aSixtyFourBitB3TraceIdMatchesItsZeroPaddedTraceparent() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("b3", "a3ce929d0e0e4736-" + S + "-1");
    headers.put("traceparent", "00-0000000000000000a3ce929d0e0e4736-" + S + "-01");
    headers.put("tracestate", STATE);

    assertThat(B3_FIRST.extract(headers, MapHeaders.GETTER).context().traceState()).isEqualTo(STATE);
  }

  @Test
  void w3cFirstIsUnchanged() {
    Propagation w3cFirst = CompositePropagation.of(TraceparentPropagation.create(), B3Propagation.multi());
    Map<String, String> headers = both(OTHER_SPAN, "01", STATE);

    TraceContext context = w3cFirst.extract(headers, MapHeaders.GETTER).context();

    assertThat(context.spanIdString()).isEqualTo(OTHER_SPAN);
    assertThat(context.traceState()).isEqualTo(STATE);
  }

  @Test
  void withoutAB3ContextTheCompositeStillFallsBackToTraceparent() {
    Map<String, String> headers = Map.of("traceparent", "00-" + T + "-" + S + "-01", "tracestate", STATE);

    TraceContext context = B3_FIRST.extract(headers, MapHeaders.GETTER).context();

    assertThat(context.spanIdString()).isEqualTo(S);
    assertThat(context.traceState()).isEqualTo(STATE);
  }

  @Test
  void aCompositeWithoutTraceparentNeverLooksItUp() {
    Recording getter = new Recording();

    CompositePropagation.of(B3Propagation.single(), B3Propagation.multi()).extract(both(S, "01", STATE), getter);

    assertThat(getter.asked).doesNotContain("traceparent", "tracestate");
  }

  // --- B3Propagation.withTraceState() ---

  @Test
  void aContextWithoutTracestateIsWrittenAsB3Alone() {
    TraceContext context = TraceContext.builder().traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L)
        .spanId(0x00f067aa0ba902b7L).parentId(5L).sampled(true).randomTraceId(true).build();

    assertThat(B3Propagation.single().withTraceState().headers(context)).isEqualTo(B3Propagation.single().headers(context));
    assertThat(B3Propagation.multi().withTraceState().headers(context)).isEqualTo(B3Propagation.multi().headers(context));
  }

  @Test
  void aContextWithTracestateGetsTraceparentAndTracestateBesideB3() {
    TraceContext context = TraceContext.builder().traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L)
        .spanId(0x00f067aa0ba902b7L).sampled(true).randomTraceId(true).traceState(STATE).build();

    assertThat(B3Propagation.single().withTraceState().headers(context)).containsExactly(
        entry("b3", T + "-" + S + "-1"),
        entry("traceparent", "00-" + T + "-" + S + "-03"),
        entry("tracestate", STATE));
  }

  @Test
  void whatItWritesItReadsBack() {
    Propagation propagation = B3Propagation.single().withTraceState();
    TraceContext sent = TraceContext.builder().traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L)
        .spanId(0x00f067aa0ba902b7L).sampled(false).randomTraceId(true).traceState(STATE).build();

    TraceContext received = propagation.extract(propagation.headers(sent), MapHeaders.GETTER).context();

    assertThat(received).isEqualTo(sent);
    assertThat(received.traceState()).isEqualTo(STATE);
    assertThat(received.randomTraceId()).isTrue();
  }

  @Test
  void b3DecidesTheContextAndTraceparentIsNotReadWithoutOne() {
    Propagation propagation = B3Propagation.single().withTraceState();
    Recording getter = new Recording();
    Map<String, String> onlyW3c = Map.of("traceparent", "00-" + T + "-" + S + "-01", "tracestate", STATE);

    IncomingContext extracted = propagation.extract(onlyW3c, getter);

    assertThat(extracted.context()).isNull();
    assertThat(getter.asked).doesNotContain("traceparent", "tracestate");
  }

  @Test
  void b3SamplingOnlyIsKeptAndTraceparentNotRead() {
    Recording getter = new Recording();
    Map<String, String> headers = new LinkedHashMap<>(Map.of("b3", "0"));
    headers.put("traceparent", "00-" + T + "-" + S + "-01");

    IncomingContext extracted = B3Propagation.single().withTraceState().extract(headers, getter);

    assertThat(extracted.context()).isNull();
    assertThat(extracted.sampled()).isFalse();
    assertThat(getter.asked).doesNotContain("traceparent");
  }

  @Test
  void aTraceparentDisagreeingWithB3IsIgnored() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("b3", T + "-" + S + "-1");
    headers.put("traceparent", "00-" + T + "-" + OTHER_SPAN + "-01");
    headers.put("tracestate", STATE);

    TraceContext context = B3Propagation.single().withTraceState().extract(headers, MapHeaders.GETTER).context();

    assertThat(context.spanIdString()).isEqualTo(S);
    assertThat(context.traceState()).isNull();
  }

  @Test
  void keysListTheW3cHeadersAfterB3s() {
    assertThat(B3Propagation.single().withTraceState().keys())
        .containsExactly("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags",
            "traceparent", "tracestate");
  }

  @Test
  void isOneInstancePerB3Form() {
    assertThat(B3Propagation.single().withTraceState()).isSameAs(B3Propagation.single().withTraceState())
        .isNotSameAs(B3Propagation.multi().withTraceState())
        .hasToString("B3Propagation.single().withTraceState()");
  }

  @Test
  void baggageWrapsItLikeAnyPropagation() {
    io.ziptrace.BaggageField user = io.ziptrace.BaggageField.remote("user_id");
    Propagation propagation = BaggagePropagation.wrap(B3Propagation.single().withTraceState(), List.of(user));
    TraceContext sent = TraceContext.builder().traceId(1L).spanId(2L).sampled(true).traceState(STATE).build()
        .withBaggage(user, "alice");

    TraceContext received = propagation.extract(propagation.headers(sent), MapHeaders.GETTER).context();

    assertThat(received.traceState()).isEqualTo(STATE);
    assertThat(received.baggage(user)).isEqualTo("alice");
  }
}
