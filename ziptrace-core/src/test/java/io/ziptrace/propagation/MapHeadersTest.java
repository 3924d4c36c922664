package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MapHeadersTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String SPAN_ID = "a2fb4a1d1a96d312";
  static final String PARENT_ID = "0020000000000001";

  @Test
  void findsEveryB3NameInTheUsualSpellings() {
    for (String[] names : new String[][] {
        {"x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled"},
        {"X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled"},
        {"X-B3-TRACEID", "X-B3-SPANID", "X-B3-PARENTSPANID", "X-B3-SAMPLED"},
        {"x-B3-tRaCeId", "X-b3-SpAnId", "x-B3-pArEnTsPaNiD", "X-b3-SaMpLeD"},
        {"X-B3-Traceid", "X-B3-Spanid", "X-B3-Parentspanid", "X-B3-Sampled"}}) {
      Map<String, String> headers = new HashMap<>();
      headers.put(names[0], TRACE_ID);
      headers.put(names[1], SPAN_ID);
      headers.put(names[2], PARENT_ID);
      headers.put(names[3], "1");

      TraceContext context = B3Propagation.multi().extract(headers, MapHeaders.GETTER).context();

      assertThat(context).as(String.join(",", names)).isNotNull();
      assertThat(context.traceIdString()).isEqualTo(TRACE_ID);
      assertThat(context.spanIdString()).isEqualTo(SPAN_ID);
      assertThat(context.parentIdString()).isEqualTo(PARENT_ID);
      assertThat(context.sampled()).isTrue();
    }
  }

  @Test
  void absentHeadersAreNull() {
    Map<String, String> headers = new HashMap<>(Map.of("X-B3-TraceId", TRACE_ID, "Content-Type", "text/plain"));

    assertThat(MapHeaders.GETTER.get(headers, "x-b3-flags")).isNull();
    assertThat(MapHeaders.GETTER.get(headers, "b3")).isNull();
    assertThat(MapHeaders.GETTER.get(headers, "x-unknown")).isNull();
    assertThat(MapHeaders.GETTER.get(new HashMap<>(), "x-b3-traceid")).isNull();
  }

  @Test
  void namesWeHaveNoSpellingForAreFoundInAnyCase() {
    Map<String, String> headers = new HashMap<>(Map.of("X-Request-ID", "abc", "B3", "1", "TRACEPARENT", "tp"));

    assertThat(MapHeaders.GETTER.get(headers, "x-request-id")).isEqualTo("abc");
    assertThat(MapHeaders.GETTER.get(headers, "b3")).isEqualTo("1");
    assertThat(MapHeaders.GETTER.get(headers, "traceparent")).isEqualTo("tp");
  }

  @Test
  void nullKeysAreSkipped() {
    Map<String, String> headers = new HashMap<>();
    headers.put(null, "status line");
    headers.put("X-B3-FLAGS", "1");

    assertThat(MapHeaders.GETTER.get(headers, "x-b3-flags")).isEqualTo("1");
    assertThat(MapHeaders.GETTER.get(headers, "x-b3-sampled")).isNull();
  }

  @Test
  void theExactNameWinsOverOtherSpellings() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-B3-SAMPLED", "0");
    headers.put("X-B3-Sampled", "0");
    headers.put("x-b3-sampled", "1");

    assertThat(MapHeaders.GETTER.get(headers, "x-b3-sampled")).isEqualTo("1");
  }

  @Test
  void caseInsensitiveTreeMapIsReadDirectly() {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("X-B3-TRACEID", TRACE_ID);
    headers.put("x-B3-SpanId", SPAN_ID);

    IncomingContext extracted = B3Propagation.multi().extract(headers, MapHeaders.GETTER);

    assertThat(extracted.context().traceIdString()).isEqualTo(TRACE_ID);
    assertThat(MapHeaders.GETTER.get(headers, "x-b3-flags")).isNull();
  }

  @Test
  void traceparentInAnyCase() {
    String traceparent = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    for (String name : new String[] {"traceparent", "Traceparent", "TraceParent", "TRACEPARENT"}) {
      IncomingContext extracted = TraceparentPropagation.create().extract(new HashMap<>(Map.of(name, traceparent)), MapHeaders.GETTER);
      assertThat(extracted.context()).as(name).isNotNull();
    }
  }
}
