package io.ziptrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentPlainStringsTest {
  @Test
  void remembersTheInstanceNotAnEqualString() {
    String plain = new String("http.status_code".toCharArray());

    RecentPlainStrings.add(plain);

    assertThat(RecentPlainStrings.contains(plain)).isTrue();
    assertThat(RecentPlainStrings.contains(new String(plain.toCharArray()))).isFalse();
  }

  @Test
  void keepsNoLongStrings() {
    String longString = "a".repeat(129);

    RecentPlainStrings.add(longString);

    assertThat(RecentPlainStrings.contains(longString)).isFalse();
  }

  @Test
  void measuringRemembersPlainStringsOnly() {
    String plain = new String("/api/users/42".toCharArray());
    String quoted = new String("say \"hi\"".toCharArray());
    String v1 = new String("binaryAnnotations".toCharArray());

    assertThat(JsonStrings.escapedSize(plain)).isEqualTo(13);
    assertThat(JsonStrings.escapedSize(quoted)).isEqualTo(10);
    assertThat(JsonStrings.escapedSize(v1)).isEqualTo(22);

    assertThat(RecentPlainStrings.contains(plain)).isTrue();
    assertThat(RecentPlainStrings.contains(quoted)).isFalse();
    assertThat(RecentPlainStrings.contains(v1)).isFalse(); // its final 's' is escaped every time
    assertThat(JsonStrings.escapedSize(v1)).isEqualTo(22);
    assertThat(written(plain)).isEqualTo("/api/users/42");
    assertThat(written(v1)).isEqualTo("binaryAnnotation\\u0073");
  }

  private static String written(String s) {
    byte[] out = new byte[JsonStrings.escapedSize(s)];
    assertThat(JsonStrings.writeEscaped(s, out, 0)).isEqualTo(out.length);
    return new String(out, StandardCharsets.UTF_8);
  }
}
