package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.testing.InMemoryReporter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Baggage values live on the immutable context: set, inherited, tagged on request, never in equality. */
class BaggageTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id").taggedAs("user.id");
  static final BaggageField TENANT = BaggageField.local("tenant");
  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().baggageFields(USER_ID, TENANT).reporter(reporter).build();

  @Test
  void settingAValueReturnsANewContext_theOriginalIsUnchanged() {
    TraceContext original = tracer.newTrace().context();

    TraceContext withUser = original.withBaggage(USER_ID, "u-42");

    assertThat(original.baggage(USER_ID)).isNull();
    assertThat(withUser.baggage(USER_ID)).isEqualTo("u-42");
    assertThat(withUser).isEqualTo(original); // equality is the span's identity, not what travels with it
    assertThat(withUser.withBaggage(USER_ID, null).baggage()).isEmpty();
  }

  @Test
  void aBuilderSetsSeveralValuesInOrder_replacingAndRemovingAsAsked_withoutTouchingItsSource() {
    BaggageField region = BaggageField.remote("region");
    TraceContext source = tracer.newTrace().context().withBaggage(USER_ID, "u-1");
    TraceContext.Builder builder = source.toBuilder()
        .baggage(TENANT, "acme").baggage(region, "eu").baggage(USER_ID, "u-2").baggage(TENANT, null);

    TraceContext built = builder.build();

    assertThat(built.baggage()).containsExactly(Map.entry("user_id", "u-2"), Map.entry("region", "eu"));
    assertThat(source.baggage()).containsExactly(Map.entry("user_id", "u-1"));
    assertThat(builder.baggage(region, null).build().baggage()).containsExactly(Map.entry("user_id", "u-2"));
    assertThat(built.baggage(region)).isEqualTo("eu"); // a later build does not change an earlier context
  }

  @Test
  void anIncomingContextDropsItsBaggage_withOrWithoutATraceContext_keepingIdsAndDecision() {
    TraceContext joined = tracer.newTrace().context().withBaggage(USER_ID, "u-42");
    IncomingContext withIds = IncomingContext.of(joined);
    IncomingContext withoutIds = IncomingContext.samplingOnly(true, false).withBaggage(USER_ID, "u-42");

    assertThat(withIds.withoutBaggage().context()).isEqualTo(joined);
    assertThat(withIds.withoutBaggage().baggage(USER_ID)).isNull();
    assertThat(withoutIds.withoutBaggage().baggage(USER_ID)).isNull();
    assertThat(withoutIds.withoutBaggage().sampled()).isTrue();
    IncomingContext bare = IncomingContext.of(tracer.newTrace().context());
    assertThat(bare.withoutBaggage()).isSameAs(bare);
  }

  @Test
  void childrenInheritTheirParentsBaggage_throughTheTracerAndTheSpan() {
    TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "u-42").withBaggage(TENANT, "acme");

    Span child = tracer.newChild(parent);
    Span grandchild = child.newChild("grandchild");

    assertThat(child.context().baggage()).containsExactly(Map.entry("user_id", "u-42"), Map.entry("tenant", "acme"));
    assertThat(grandchild.context().baggage(TENANT)).isEqualTo("acme");
  }

  @Test
  void aFieldTaggedAsRecordsItsValueOnEverySampledSpan_otherFieldsAreNotTagged() {
    TraceContext parent = tracer.newTrace().context().withBaggage(USER_ID, "u-42").withBaggage(TENANT, "acme");

    tracer.newChild(parent).name("work").start().finish();

    assertThat(reporter.spans()).singleElement().satisfies(span -> {
      assertThat(span.tags()).containsEntry("user.id", "u-42").doesNotContainValue("acme");
    });
  }

  @Test
  void aRemoteFieldsNameMustBeAToken() {
    assertThatThrownBy(() -> BaggageField.remote("user id")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an HTTP token");
    assertThatThrownBy(() -> BaggageField.local("tenant").withHeader("x-tenant")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is local");
    assertThatThrownBy(() -> BaggageField.remote("user_id").withHeader("traceparent"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTracerRefusesANameDeclaredTwiceDifferently_orTwoFieldsSharingAHeader() {
    assertThatThrownBy(() -> Tracer.builder().baggageFields(BaggageField.remote("u"), BaggageField.local("u")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u declared twice");
    assertThatThrownBy(() -> Tracer.builder().baggageFields(BaggageField.remote("u").withHeader("x-h"),
        BaggageField.remote("v").withHeader("x-h")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both use the header x-h");
    assertThat(Tracer.builder().baggageFields(USER_ID, TENANT).baggageFields(USER_ID).build().baggageFields())
        .containsExactly(USER_ID, TENANT);
  }

  @Test
  void fieldsAreEqualByName() {
    assertThat(BaggageField.remote("user_id").withHeader("user-id")).isEqualTo(BaggageField.remote("user_id"));
    assertThat(tracer.newTrace().context().withBaggage(BaggageField.remote("user_id"), "u-1").baggage(USER_ID)).isEqualTo("u-1");
  }

  @Test
  void aNullFieldIsIgnored() {
    TraceContext context = tracer.newTrace().context();

    assertThat(context.withBaggage(null, "x")).isSameAs(context);
    assertThat(context.baggage((BaggageField) null)).isNull();
  }
}
