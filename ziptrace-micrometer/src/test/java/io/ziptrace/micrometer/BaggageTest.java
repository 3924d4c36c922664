package io.ziptrace.micrometer;

import static io.micrometer.tracing.test.simple.SpansAssert.then;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Baggage through Micrometer's API: declared fields only, scoped values, tag fields. */
class BaggageTest {
  static final Propagator.Setter<Map<String, String>> SETTER = (carrier, key, value) -> carrier.put(key, value);

  final Bridge bridge = new Bridge();
  final Tracer tracer = bridge.tracer;
  final Propagator propagator = bridge.bridge.propagator();

  @AfterEach
  void close() {
    assertThat(tracer.currentSpan()).isNull();
    bridge.close();
  }

  @Test
  void valueInScopeIsReadableUntilTheScopeCloses() {
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      try (BaggageInScope scope = tracer.getBaggage(Bridge.KEY_1).makeCurrent("value1")) {
        assertThat(scope.get()).isEqualTo("value1");
        assertThat(tracer.getBaggage(Bridge.KEY_1).get()).isEqualTo("value1");
        assertThat(tracer.getAllBaggage()).containsExactly(Map.entry(Bridge.KEY_1, "value1"));
        assertThat(tracer.currentSpan()).as("the same span, with more baggage").isEqualTo(span);
        assertThat(tracer.getAllBaggage(tracer.currentSpan().context())).containsEntry(Bridge.KEY_1, "value1");
      }
      assertThat(tracer.getBaggage(Bridge.KEY_1).get()).isNull();
    }
    span.end();
  }

  @Test
  void legacyApiSetsTheValueUntilTheEnclosingScopeCloses() {
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      tracer.getBaggage(Bridge.KEY_1).set("value1");
      assertThat(tracer.getBaggage(Bridge.KEY_1).get()).isEqualTo("value1");
      tracer.createBaggage(Bridge.KEY_1, "value2");
      assertThat(tracer.getBaggage(tracer.currentSpan().context(), Bridge.KEY_1).get()).isEqualTo("value2");
    }
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      assertThat(tracer.getBaggage(Bridge.KEY_1).get()).isNull();
    }
    span.end();
  }

  @Test
  void injectAndExtractKeepTheBaggage() {
    Map<String, String> carrier = new HashMap<>();
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      try (BaggageInScope scope = tracer.createBaggageInScope(Bridge.KEY_1, "value1")) {
        propagator.inject(tracer.currentTraceContext().context(), carrier, SETTER);
      }
    }
    span.end();
    assertThat(carrier).containsEntry(Bridge.KEY_1, "value1");

    Span extracted = propagator.extract(carrier, Map::get).start();
    assertThat(extracted.context().traceId()).isEqualTo(span.context().traceId());
    assertThat(extracted.context().parentId()).as("child, as Brave's bridge").isEqualTo(span.context().spanId());
    try (Tracer.SpanInScope ws = tracer.withSpan(extracted)) {
      assertThat(tracer.getBaggage(Bridge.KEY_1).get(extracted.context())).isEqualTo("value1");
      try (BaggageInScope scope = tracer.getBaggage(Bridge.KEY_1).makeCurrent()) {
        assertThat(scope.get()).isEqualTo("value1");
      }
    }
    extracted.end();
  }

  @Test
  void childrenStartedInABaggageScopeCarryIt() {
    Span parent = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(parent);
        BaggageInScope scope = tracer.createBaggageInScope(Bridge.KEY_1, "inherited")) {
      Span child = tracer.nextSpan().start();
      assertThat(tracer.getBaggage(child.context(), Bridge.KEY_1).get()).isEqualTo("inherited");
      child.end();
    }
    parent.end();
  }

  /**
   * Micrometer's Observation handlers start a client span from the parent span itself, not from
   * the current context: a value put in scope on that parent must still reach the child and the
   * headers injected for it.
   */
  @Test
  void childrenOfTheSpanItselfCarryBaggagePutInScopeOnIt() {
    Span parent = tracer.nextSpan().start();
    Map<String, String> carrier = new HashMap<>();
    try (Tracer.SpanInScope ws = tracer.withSpan(parent);
        BaggageInScope scope = tracer.createBaggageInScope(Bridge.KEY_1, "in scope")) {
      Span viaNextSpan = tracer.nextSpan(parent).start();
      Span viaBuilder = tracer.spanBuilder().setParent(parent.context()).start();
      assertThat(tracer.getBaggage(viaNextSpan.context(), Bridge.KEY_1).get()).isEqualTo("in scope");
      assertThat(tracer.getBaggage(viaBuilder.context(), Bridge.KEY_1).get()).isEqualTo("in scope");
      propagator.inject(viaBuilder.context(), carrier, SETTER);
      viaNextSpan.end();
      viaBuilder.end();
    }
    assertThat(carrier).containsEntry(Bridge.KEY_1, "in scope");
    Span afterScope = tracer.nextSpan(parent).start();
    assertThat(tracer.getBaggage(afterScope.context(), Bridge.KEY_1).get()).as("the scope closed").isNull();
    afterScope.end();
    parent.end();
  }

  @Test
  void tagFieldIsTaggedOnTheSpanWhenSet() {
    Span span = tracer.nextSpan().name("tagged").start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span);
        BaggageInScope scope = tracer.createBaggageInScope(span.context(), Bridge.TAG_KEY, "tagValue")) {
      assertThat(tracer.getBaggage(Bridge.TAG_KEY).get()).isEqualTo("tagValue");
    }
    span.end();
    then(bridge.spans()).hasASpanWithName("tagged", s -> s.hasTag(Bridge.TAG_KEY, "tagValue"));
  }

  @Test
  void localFieldDoesNotTravel() {
    Map<String, String> carrier = new HashMap<>();
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span);
        BaggageInScope scope = tracer.createBaggageInScope(Bridge.TAG_KEY, "local only")) {
      propagator.inject(tracer.currentTraceContext().context(), carrier, SETTER);
    }
    span.end();
    assertThat(carrier).doesNotContainKey(Bridge.TAG_KEY).doesNotContainValue("local only");
  }

  @Test
  void undeclaredFieldHasNoValueAndIgnoresWrites() {
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      Baggage undeclared = tracer.getBaggage("undeclared");
      assertThat(undeclared.name()).isEqualTo("undeclared");
      try (BaggageInScope scope = undeclared.makeCurrent("ignored")) {
        assertThat(scope.get()).isNull();
        assertThat(tracer.getAllBaggage()).isEmpty();
      }
      assertThat(tracer.getBaggage(span.context(), "undeclared")).isNull();
      assertThat(tracer.currentSpan()).isEqualTo(span);
    }
    span.end();
  }

  @Test
  void withoutACurrentSpanBaggageIsIgnored() {
    try (BaggageInScope scope = tracer.createBaggageInScope(Bridge.KEY_1, "nowhere")) {
      assertThat(scope.get()).isNull();
    }
    assertThat(tracer.getAllBaggage()).isEmpty();
  }

  @Test
  void baggageFieldsAreTheDeclaredAndTagFields() {
    assertThat(tracer.getBaggageFields()).containsExactlyInAnyOrder(Bridge.KEY_1, Bridge.TAG_KEY);
  }
}
