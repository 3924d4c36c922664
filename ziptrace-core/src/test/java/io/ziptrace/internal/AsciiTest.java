package io.ziptrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AsciiTest {
  @Test
  void decimalsMatchLongToStringAtEveryPowerOfTenAndAtRandom() {
    List<Long> values = new ArrayList<>(List.of(0L, 1L, Long.MAX_VALUE));
    long power = 1L;
    for (int digits = 1; digits <= 19; digits++, power *= 10L) {
      values.add(power - 1);
      values.add(power);
      values.add(power + 1);
    }
    SplittableRandom random = new SplittableRandom(1126L);
    for (int i = 0; i < 100_000; i++) values.add(random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));

    byte[] out = new byte[3 + 19 + 3];
    for (long value : values) {
      String expected = Long.toString(value);
      assertThat(Ascii.decimalSize(value)).as("size of %d", value).isEqualTo(expected.length());
      int end = Ascii.writeDecimal(value, out, 3);
      assertThat(end).isEqualTo(3 + expected.length());
      assertThat(new String(out, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
  }

  @Test
  void writesCharsOfCompactAndWideStrings() {
    byte[] out = new byte[2 + 5 + 2];

    assertThat(Ascii.writeChars("xhello", 1, 6, out, 2)).isEqualTo(7);
    assertThat(new String(out, 2, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(Ascii.writeChars("ab\u0141cd", 0, 2, out, 0)).isEqualTo(2); // a string of two-byte chars
    assertThat(new String(out, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("ab");
  }
}
