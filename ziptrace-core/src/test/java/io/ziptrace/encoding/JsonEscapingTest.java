package io.ziptrace.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonEscapingTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "quote        | a\"b              | a\\\"b",
      "backslash    | a\\b              | a\\\\b",
      "newline      | 'a\nb'            | a\\nb",
      "soh          | 'a\u0001b'        | a\\u0001b",
      "escape       | 'a\u001bb'        | a\\u001bb",
      "line sep     | 'a\u2028b'        | a\\u2028b",
      "para sep     | 'a\u2029b'        | a\\u2029b",
      "v1 marker    | binaryAnnotations | binaryAnnotation\\u0073",
      "lone high    | 'a\uD800b'        | a?b",
      "lone low end | 'a\uDC00'         | a?",
      "reversed     | '\uDC00\uD800'    | ??",
      "pair         | '\uD83D\uDE00'    | \uD83D\uDE00",
      "del stays    | 'a\u007fb'        | 'a\u007fb'",
  })
  void tagValueIsEscaped(String description, String value, String expected) {
    String json = encodeTag(value);

    assertThat(json).contains("\"k\":\"" + expected + "\"");
    assertThat(json).doesNotContain("yAnnotations\"");
  }

  private static String encodeTag(String value) {
    FinishedSpan span = FinishedSpan.builder(TraceContext.builder().traceId(1L).spanId(1L).build())
        .putTag("k", value).build();
    byte[] bytes = SpanEncoder.of(Encoding.JSON).encode(span);
    assertThat(bytes).hasSize(SpanEncoder.of(Encoding.JSON).sizeInBytes(span));
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
