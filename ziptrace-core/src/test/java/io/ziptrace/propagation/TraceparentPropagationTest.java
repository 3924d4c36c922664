package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ziptrace.TraceContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceparentPropagationTest {
  static final String T = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String S = "00f067aa0ba902b7";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "sampled               | 00-" + T + "-" + S + "-01             | " + T + "/" + S + "/-/true/false",
      "not sampled           | 00-" + T + "-" + S + "-00             | " + T + "/" + S + "/-/false/false",
      "other flag bits       | 00-" + T + "-" + S + "-03             | " + T + "/" + S + "/-/true/false",
      "future version        | 01-" + T + "-" + S + "-01             | " + T + "/" + S + "/-/true/false",
      "future version fields | 01-" + T + "-" + S + "-01-what-ever   | " + T + "/" + S + "/-/true/false",
      "version ff            | ff-" + T + "-" + S + "-01             | EMPTY",
      "00 with extra fields  | 00-" + T + "-" + S + "-01-extra       | EMPTY",
      "future version no dash| 01-" + T + "-" + S + "-01x            | EMPTY",
      "uppercase             | 00-4BF92F3577B34DA6A3CE929D0E0E4736-" + S + "-01 | EMPTY",
      "zero trace id         | 00-00000000000000000000000000000000-" + S + "-01 | EMPTY",
      "zero parent id        | 00-" + T + "-0000000000000000-01      | EMPTY",
      "short                 | 00-" + T + "-" + S + "-1              | EMPTY",
      "bad separator         | 00_" + T + "-" + S + "-01             | EMPTY",
      "bad flags             | 00-" + T + "-" + S + "-0g             | EMPTY",
      "bad version           | 0x-" + T + "-" + S + "-01             | EMPTY",
  })
  void extract(String description, String traceparent, String expected) {
    IncomingContext extracted = TraceparentPropagation.create().extract(Map.of("traceparent", traceparent), MapHeaders.GETTER);

    assertThat(B3VectorsTest.describe(extracted)).isEqualTo(expected);
  }

  @Test
  void injectsVersion00() {
    TraceContext context = TraceContext.builder().traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L)
        .spanId(0x00f067aa0ba902b7L).parentId(5L).sampled(true).build();

    assertThat(TraceparentPropagation.create().headers(context)).containsExactly(entry("traceparent", "00-" + T + "-" + S + "-01"));
    assertThat(TraceparentPropagation.create().headers(TraceContext.builder().traceId(1L).spanId(2L).build()))
        .containsExactly(entry("traceparent", "00-00000000000000000000000000000001-0000000000000002-00"));
  }

  @Test
  void compositeInjectsAllAndPrefersTheFirstContext() {
    CompositePropagation both = CompositePropagation.of(B3Propagation.single(), TraceparentPropagation.create());
    TraceContext context = TraceContext.builder().traceId(1L).spanId(2L).sampled(true).build();

    assertThat(both.headers(context)).containsOnlyKeys("b3", "traceparent");
    assertThat(both.keys()).contains("b3", "x-b3-traceid", "traceparent");
    IncomingContext fromW3c = both.extract(Map.of("traceparent", "00-" + T + "-" + S + "-01"), MapHeaders.GETTER);
    assertThat(fromW3c.context().traceIdString()).isEqualTo(T);
    IncomingContext samplingOnly = both.extract(Map.of("b3", "0"), MapHeaders.GETTER);
    assertThat(samplingOnly.sampled()).isFalse();
  }
}
