package io.ziptrace.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Span;
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
      "empty        | ''                | ''",
      "plain        | /api/users/42     | /api/users/42",
      "quote first  | \"ab              | \\\"ab",
      "backslash end| ab\\              | ab\\\\",
      "tab first    | '\tab'            | \\tab",
      "latin-1      | 'caf\u00e9'        | 'caf\u00e9'",
      "beyond latin | 'ab\u0141cd'       | 'ab\u0141cd'",
      "cjk then ctl | '\u4e2d\u0001'     | '\u4e2d\\u0001'",
      "v1 exactly   | yAnnotations      | yAnnotation\\u0073",
      "v1 after esc | 'a\nyAnnotations' | a\\nyAnnotation\\u0073",
      "v1 not last  | yAnnotationsX     | yAnnotationsX",
  })
  void tagValueIsEscaped(String description, String value, String expected) {
    String json = encodeTag(value);

    assertThat(json).contains("\"k\":\"" + expected + "\"");
    assertThat(json).doesNotContain("yAnnotations\"");
  }

  /** Long strings with their one escape at the start, middle or end. */
  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "'\"'     | 0    | \\\"",
      "'\"'     | 5000 | \\\"",
      "'\"'     | 9999 | \\\"",
      "'\u0001' | 5000 | \\u0001",
      "'\u00e9' | 9999 | '\u00e9'",
      "'\u2028' | 0    | \\u2028",
      "'\uD800' | 9999 | ?",
  })
  void longStringIsEscapedWherever(String special, int at, String expected) {
    String plain = "0123456789".repeat(1_000);
    String value = plain.substring(0, at) + special + plain.substring(at + 1);

    assertThat(encodeTag(value))
        .contains("\"k\":\"" + plain.substring(0, at) + expected + plain.substring(at + 1) + "\"");
  }

  @org.junit.jupiter.api.Test
  void longestPlainStringIsCopiedAsIs() {
    String value = "abcdefghij".repeat(Span.MAX_STRING_LENGTH / 10 + 1).substring(0, Span.MAX_STRING_LENGTH);

    assertThat(encodeTag(value)).contains("\"k\":\"" + value + "\"");
  }

  /**
   * Encodes a span tagged {@code k=value}, twice: strings found plain are remembered between
   * spans, and the second encoding must not differ from the first.
   */
  private static String encodeTag(String value) {
    FinishedSpan span = FinishedSpan.builder(TraceContext.builder().traceId(1L).spanId(1L).build())
        .putTag("k", value).build();
    byte[] bytes = SpanEncoder.of(Encoding.JSON).encode(span);
    assertThat(bytes).hasSize(SpanEncoder.of(Encoding.JSON).sizeInBytes(span));
    assertThat(SpanEncoder.of(Encoding.JSON).encode(span)).isEqualTo(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
