package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * B3 test vectors. Headers are {@code name=value} pairs separated by {@code ;}. The expected
 * result is {@code traceId/spanId/parentId/sampled/debug}, with {@code -} for absent, or
 * {@code EMPTY} when nothing usable was extracted.
 */
class B3VectorsTest {
  static final String T = "463ac35c9f6413ad";
  static final String T128 = "463ac35c9f6413ad48485a3953bb6124";
  static final String S = "a2fb4a1d1a96d312";
  static final String P = "0020000000000001";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // multi-header, valid
      "multi ids only                 | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + "                               | " + T + "/" + S + "/-/-/false",
      "multi sampled                  | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Sampled=1                | " + T + "/" + S + "/-/true/false",
      "multi not sampled              | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Sampled=0                | " + T + "/" + S + "/-/false/false",
      "multi sampled true, lenient    | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Sampled=true             | " + T + "/" + S + "/-/true/false",
      "multi sampled false, lenient   | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Sampled=false            | " + T + "/" + S + "/-/false/false",
      "multi garbage sampled ignored  | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Sampled=yes              | " + T + "/" + S + "/-/-/false",
      "multi with parent              | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-ParentSpanId=" + P + ";X-B3-Sampled=1 | " + T + "/" + S + "/" + P + "/true/false",
      "multi debug flag               | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Flags=1                  | " + T + "/" + S + "/-/true/true",
      "multi debug wins over sampled 0| X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-Flags=1;X-B3-Sampled=0   | " + T + "/" + S + "/-/true/true",
      "multi 128-bit                  | X-B3-TraceId=" + T128 + ";X-B3-SpanId=" + S + ";X-B3-Sampled=1             | " + T128 + "/" + S + "/-/true/false",
      "multi 128-bit high zeros       | X-B3-TraceId=0000000000000000" + T + ";X-B3-SpanId=" + S + "             | " + T + "/" + S + "/-/-/false",
      "multi lowercase names          | x-b3-traceid=" + T + ";x-b3-spanid=" + S + "                               | " + T + "/" + S + "/-/-/false",
      // sampling only
      "multi sampling-only 0          | X-B3-Sampled=0                                                                | -/-/-/false/false",
      "multi sampling-only 1          | X-B3-Sampled=1                                                                | -/-/-/true/false",
      "multi debug-only               | X-B3-Flags=1                                                                  | -/-/-/true/true",
      "nothing                        | Other=1                                                                       | EMPTY",
      // multi-header, malformed
      "multi uppercase trace id       | X-B3-TraceId=463AC35C9F6413AD;X-B3-SpanId=" + S + "                        | EMPTY",
      "multi short trace id           | X-B3-TraceId=463ac35c9f6413a;X-B3-SpanId=" + S + "                         | EMPTY",
      "multi 128-bit uppercase high   | X-B3-TraceId=463AC35C9F6413AD" + T + ";X-B3-SpanId=" + S + "             | EMPTY",
      "multi 128-bit non-hex high     | X-B3-TraceId=000000000000000g" + T + ";X-B3-SpanId=" + S + "             | EMPTY",
      "multi 20-char trace id         | X-B3-TraceId=463ac35c9f6413ad0000;X-B3-SpanId=" + S + "                    | EMPTY",
      "multi zero trace id            | X-B3-TraceId=0000000000000000;X-B3-SpanId=" + S + "                        | EMPTY",
      "multi zero span id             | X-B3-TraceId=" + T + ";X-B3-SpanId=0000000000000000                        | EMPTY",
      "multi non-hex span id          | X-B3-TraceId=" + T + ";X-B3-SpanId=a2fb4a1d1a96d31g                        | EMPTY",
      "multi missing span id          | X-B3-TraceId=" + T + ";X-B3-Sampled=1                                      | EMPTY",
      "multi missing trace id         | X-B3-SpanId=" + S + ";X-B3-Sampled=1                                       | EMPTY",
      "multi bad parent id            | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-ParentSpanId=xyz         | EMPTY",
      "multi empty parent id          | X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + ";X-B3-ParentSpanId=            | EMPTY",
      // single header, valid
      "single ids only                | b3=" + T + "-" + S + "                                                       | " + T + "/" + S + "/-/-/false",
      "single sampled                 | b3=" + T + "-" + S + "-1                                                     | " + T + "/" + S + "/-/true/false",
      "single not sampled             | b3=" + T + "-" + S + "-0                                                     | " + T + "/" + S + "/-/false/false",
      "single debug                   | b3=" + T + "-" + S + "-d                                                     | " + T + "/" + S + "/-/true/true",
      "single with parent             | b3=" + T + "-" + S + "-1-" + P + "                                           | " + T + "/" + S + "/" + P + "/true/false",
      "single 128-bit                 | b3=" + T128 + "-" + S + "-1-" + P + "                                        | " + T128 + "/" + S + "/" + P + "/true/false",
      "single sampling-only 0         | b3=0                                                                          | -/-/-/false/false",
      "single sampling-only 1         | b3=1                                                                          | -/-/-/true/false",
      "single debug-only              | b3=d                                                                          | -/-/-/true/true",
      "single wins over multi         | b3=" + T + "-" + S + "-0;X-B3-TraceId=" + T128 + ";X-B3-SpanId=" + P + ";X-B3-Sampled=1 | " + T + "/" + S + "/-/false/false",
      // single header, malformed
      "single bad falls back to multi | b3=garbage;X-B3-TraceId=" + T + ";X-B3-SpanId=" + S + "                    | " + T + "/" + S + "/-/-/false",
      "single garbage alone           | b3=garbage                                                                    | EMPTY",
      "single bad sampling            | b3=" + T + "-" + S + "-x                                                     | EMPTY",
      "single true is not a state     | b3=" + T + "-" + S + "-true                                                  | EMPTY",
      "single parent without sampling | b3=" + T + "-" + S + "-" + P + "                                             | EMPTY",
      "single uppercase               | b3=463AC35C9F6413AD-" + S + "                                              | EMPTY",
      "single short span id           | b3=" + T + "-a2fb4a1d1a96d31                                                 | EMPTY",
      "single zero trace id           | b3=0000000000000000-" + S + "                                              | EMPTY",
      "single trailing dash           | b3=" + T + "-" + S + "-1-                                                    | EMPTY",
      "single lone 2                  | b3=2                                                                          | EMPTY",
      "single empty                   | b3=                                                                           | EMPTY",
  })
  void extract(String description, String headers, String expected) {
    IncomingContext extracted = B3Propagation.multi().extract(parse(headers), MapHeaders.GETTER);

    assertThat(describe(extracted)).isEqualTo(expected);
  }

  static Map<String, String> parse(String headers) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String header : headers.split(";")) {
      int eq = header.indexOf('=');
      map.put(header.substring(0, eq), header.substring(eq + 1));
    }
    return map;
  }

  static String describe(IncomingContext extracted) {
    if (extracted.isEmpty()) return "EMPTY";
    if (extracted.context() == null) {
      return "-/-/-/" + extracted.sampled() + "/" + extracted.debug();
    }
    var c = extracted.context();
    return c.traceIdString() + "/" + c.spanIdString() + "/" + (c.parentId() == 0 ? "-" : c.parentIdString())
        + "/" + (c.sampled() == null ? "-" : c.sampled()) + "/" + c.debug();
  }
}
