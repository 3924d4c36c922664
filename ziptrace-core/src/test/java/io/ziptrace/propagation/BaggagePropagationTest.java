package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.BaggageField;
import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Only declared remote fields cross process boundaries, both ways, in W3C's header and their own;
 * the W3C header is left out only where it would repeat the field headers to B3 peers.
 */
class BaggagePropagationTest {
  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("user-id");
  static final BaggageField COUNTRY = BaggageField.remote("country");
  static final BaggageField TENANT = BaggageField.local("tenant");
  final Tracer tracer = Tracer.builder().baggageFields(USER_ID, COUNTRY, TENANT).build();
  final Propagation propagation = BaggagePropagation.wrap(B3Propagation.multi(), tracer.baggageFields());

  Map<String, String> outgoing(TraceContext context) {
    return propagation.headers(context);
  }

  IncomingContext incoming(Map<String, String> headers) {
    return propagation.extract(headers, MapHeaders.GETTER);
  }

  @Test
  void onB3Alone_remoteFieldsGoInTheirOwnHeaderElseTheW3cHeader_localOnesNever() {
    TraceContext context = tracer.newTrace().context().withBaggage(USER_ID, "u-42").withBaggage(TENANT, "acme")
        .withBaggage(COUNTRY, "FR");

    Map<String, String> headers = outgoing(context);

    assertThat(headers).containsEntry("baggage", "country=FR").containsEntry("user-id", "u-42");
    assertThat(headers.values()).noneMatch(value -> value.contains("acme"));
    assertThat(headers).containsKey("x-b3-traceid");
  }

  @Test
  void declaredFieldsAreReadOnto_theJoinedContext_andUndeclaredKeysAreDropped() {
    Map<String, String> headers = outgoing(tracer.newTrace().context());
    headers.put("baggage", "user_id=u-42, secret=x, tenant=evil");

    TraceContext joined = tracer.nextSpan(incoming(headers)).context();

    assertThat(joined.baggage()).containsExactly(Map.entry("user_id", "u-42"));
    assertThat(outgoing(joined)).containsEntry("user-id", "u-42");
  }

  @Test
  void onB3Alone_theW3cHeaderIsLeftOut_whenEveryValueWentInAHeaderOfItsOwn() {
    TraceContext context = tracer.newTrace().context().withBaggage(USER_ID, "u-42");

    assertThat(outgoing(context)).containsEntry("user-id", "u-42").doesNotContainKey("baggage");
  }

  @Test
  void withTraceparent_theW3cHeaderCarriesEveryValue_besideTheFieldsOwnHeaders() {
    Propagation w3c = BaggagePropagation.wrap(CompositePropagation.of(B3Propagation.multi(), TraceparentPropagation.create()),
        tracer.baggageFields());
    TraceContext context = tracer.newTrace().context().withBaggage(USER_ID, "u-42");

    assertThat(w3c.headers(context)).containsEntry("user-id", "u-42").containsEntry("baggage", "user_id=u-42");
  }

  @Test
  void aFieldsOwnHeaderIsRead_whenTheW3cHeaderDoesNotHaveIt() {
    IncomingContext fromOwnHeader = incoming(Map.of("user-id", "u-7"));
    IncomingContext fromBoth = incoming(Map.of("user-id", "u-7", "baggage", "user_id=u-42"));

    assertThat(fromOwnHeader.baggage(USER_ID)).isEqualTo("u-7");
    assertThat(fromBoth.baggage(USER_ID)).isEqualTo("u-42");
  }

  @Test
  void baggageArrivingWithoutATraceContextStartsTheNewTraceWithIt() {
    Span root = tracer.nextSpan(incoming(Map.of("baggage", "country=FR")));

    assertThat(root.context().parentId()).isZero();
    assertThat(root.context().baggage(COUNTRY)).isEqualTo("FR");
    assertThat(root.newChild("child").context().baggage(COUNTRY)).isEqualTo("FR");
  }

  @Test
  void aFieldsOwnHeaderWithControlCharactersOrTooLongIsIgnored() {
    assertThat(incoming(Map.of("user-id", "u-7\r\nx-evil: 1")).baggage(USER_ID)).isNull();
    assertThat(incoming(Map.of("user-id", "x".repeat(BaggagePropagation.MAX_HEADER_VALUE + 1))).baggage(USER_ID)).isNull();
    assertThat(incoming(Map.of("user-id", "ü")).baggage(USER_ID)).isNull();
  }

  @Test
  void aValueUnsafeForAHeaderOfItsOwnGoesOnlyInTheW3cHeader_percentEncoded() {
    TraceContext context = tracer.newTrace().context().withBaggage(USER_ID, "Zoë, \"admin\"");

    Map<String, String> headers = outgoing(context);

    assertThat(headers).doesNotContainKey("user-id");
    assertThat(incoming(headers).baggage(USER_ID)).isEqualTo("Zoë, \"admin\"");
  }

  @Test
  void unsampledTracesCarryBaggageToo() {
    TraceContext unsampled = tracer.newTrace(false).context().withBaggage(COUNTRY, "FR");

    assertThat(incoming(outgoing(unsampled)).baggage(COUNTRY)).isEqualTo("FR");
  }

  @Test
  void withoutRemoteFieldsTheTraceFormatIsUsedAsItIs() {
    Propagation b3 = B3Propagation.multi();

    assertThat(BaggagePropagation.wrap(b3, List.of(TENANT))).isSameAs(b3);
    assertThat(BaggagePropagation.wrap(b3, List.of())).isSameAs(b3);
    assertThat(BaggagePropagation.wrap(Propagation.none(), tracer.baggageFields())).isSameAs(Propagation.none());
  }

  @Test
  void withoutBaggageSendsNone_forADestinationThatMustNotSeeIt() {
    TraceContext context = tracer.newTrace().context().withBaggage(USER_ID, "u-42");

    Map<String, String> headers = outgoing(context.withoutBaggage());

    assertThat(headers).doesNotContainKeys("baggage", "user-id").containsKey("x-b3-traceid");
  }

  @Test
  void keysNameEveryHeaderWritten() {
    Map<String, String> headers = new HashMap<>(outgoing(tracer.newTrace().context().withBaggage(USER_ID, "u-42")));

    assertThat(propagation.keys()).containsAll(headers.keySet());
  }
}
