package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.sampling.Sampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of W3C Trace Context that make ziptrace a participant rather than a reader of
 * {@code traceparent}: tracestate passed through with the trace, the random-trace-id flag kept,
 * any non-zero 128-bit trace id accepted, and a repeated {@code traceparent} refused. Each test is
 * named after the rule.
 */
class TraceContextLevelOneTest {
  static final String T = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String S = "00f067aa0ba902b7";
  final Propagation w3c = TraceparentPropagation.create();
  final Tracer tracer = Tracer.builder().sampler(Sampler.ALWAYS).build();

  /** Request headers where a name may repeat, as HTTP allows. */
  static final class Fields {
    final Map<String, List<String>> values = new LinkedHashMap<>();

    Fields add(String name, String value) {
      values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    static final HeaderGetter<Fields> GETTER = new HeaderGetter<>() {
      @Override
      public String get(Fields fields, String name) {
        List<String> list = fields.values.get(name);
        return list == null ? null : list.get(0);
      }

      @Override
      public List<String> getAll(Fields fields, String name) {
        return fields.values.getOrDefault(name, List.of());
      }
    };
  }

  Map<String, String> outgoingOfAServerSpan(Fields incoming) {
    Span server = tracer.nextSpan(w3c.extract(incoming, Fields.GETTER));
    return w3c.headers(server.newChild("client call").context());
  }

  @Test
  void tracestateReceivedWithTraceparentIsSentOnUnchanged_byChildrenToo() {
    Fields incoming = new Fields().add("traceparent", "00-" + T + "-" + S + "-01").add("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");

    Map<String, String> outgoing = outgoingOfAServerSpan(incoming);

    assertThat(outgoing).containsEntry("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(outgoing.get("traceparent")).startsWith("00-" + T + "-").doesNotContain(S);
  }

  @Test
  void tracestateWithoutAValidTraceparentIsDropped() {
    Fields incoming = new Fields().add("traceparent", "00-" + T + "-0000000000000000-01").add("tracestate", "congo=t61rcWkgMzE");

    Map<String, String> outgoing = outgoingOfAServerSpan(incoming);

    assertThat(outgoing).doesNotContainKey("tracestate");
    assertThat(outgoing.get("traceparent")).doesNotContain(T); // a new trace
  }

  @Test
  void aTraceparentSentInTwoHeaderFieldsIsInvalid() {
    Fields incoming = new Fields().add("traceparent", "00-" + T + "-" + S + "-01").add("traceparent", "00-" + T + "-" + S + "-01");

    assertThat(w3c.extract(incoming, Fields.GETTER)).isSameAs(IncomingContext.EMPTY);
  }

  @Test
  void anyNonZero128BitTraceIdIsAccepted_aZeroLowerHalfIncluded_andWrittenBackUnchanged() {
    String zeroLowerHalf = "12345678901234560000000000000000";
    Fields incoming = new Fields().add("traceparent", "00-" + zeroLowerHalf + "-" + S + "-01");

    TraceContext extracted = w3c.extract(incoming, Fields.GETTER).context();

    assertThat(extracted).isNotNull();
    assertThat(extracted.traceIdString()).isEqualTo(zeroLowerHalf);
    assertThat(outgoingOfAServerSpan(incoming).get("traceparent")).startsWith("00-" + zeroLowerHalf + "-");
  }

  @Test
  void theRandomTraceIdFlagSurvivesOnEveryOutgoingTraceparentOfTheTrace() {
    Fields incoming = new Fields().add("traceparent", "00-" + T + "-" + S + "-02");

    assertThat(outgoingOfAServerSpan(incoming).get("traceparent")).endsWith("-02");
  }

  @Test
  void anUnsetRandomFlagStaysUnset() {
    Fields incoming = new Fields().add("traceparent", "00-" + T + "-" + S + "-01");

    assertThat(outgoingOfAServerSpan(incoming).get("traceparent")).endsWith("-01");
  }

  @Test
  void unknownFlagBitsGoOutAsZero() {
    Fields incoming = new Fields().add("traceparent", "00-" + T + "-" + S + "-ff");

    assertThat(outgoingOfAServerSpan(incoming).get("traceparent")).endsWith("-03");
  }

  /**
   * The ids are random, but the flag is not claimed: Level 1 readers that take only {@code 00} and
   * {@code 01} (Spring Boot's Brave bridge) would refuse the header and break the trace.
   */
  @Test
  void aTraceThisTracerStartsGoesOutWithLevelOneFlags() {
    Span root = tracer.newTrace();

    assertThat(root.context().randomTraceId()).isFalse();
    assertThat(w3c.headers(root.context()).get("traceparent")).endsWith("-01");
    assertThat(w3c.headers(tracer.newChild(root.context()).context()).get("traceparent")).endsWith("-01");
  }

  @Test
  void aTraceparentOfAHigherVersionIsWrittenBackAsVersion00WithoutItsOtherFields() {
    Fields incoming = new Fields().add("traceparent", "cc-" + T + "-" + S + "-01-what-ever").add("tracestate", "congo=t61rcWkgMzE");

    Map<String, String> outgoing = outgoingOfAServerSpan(incoming);

    assertThat(outgoing.get("traceparent")).startsWith("00-" + T + "-").hasSize(55);
    assertThat(outgoing).containsEntry("tracestate", "congo=t61rcWkgMzE");
  }

  @Test
  void aNewTraceCarriesNoTracestate() {
    Fields incoming = new Fields().add("tracestate", "congo=t61rcWkgMzE"); // without traceparent: invalid, dropped

    assertThat(outgoingOfAServerSpan(incoming)).doesNotContainKey("tracestate");
  }
}
