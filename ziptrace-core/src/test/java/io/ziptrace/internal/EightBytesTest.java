package io.ziptrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EightBytesTest {
  @Test
  void decimalIsRightForEveryEightDigitValue() {
    for (int value = 0; value < 100_000_000; value++) {
      long chars = EightBytes.decimal(value);
      int rest = value;
      for (int digit = 0; digit < 8; digit++, rest /= 10) {
        long expected = '0' + rest % 10;
        if (((chars >>> (8 * digit)) & 0xff) != expected) {
          assertThat(Long.toHexString(chars)).as("digits of %d", value).isEqualTo("wrong");
        }
      }
    }
  }

  @Test
  void hexMatchesIntegerToHexStringAtEdgesAndAtRandom() {
    int[] edges = {0, 1, 9, 10, 15, 16, 0x9999_9999, 0xaaaa_aaaa, 0x0f0f_0f0f, 0xf0f0_f0f0, Integer.MAX_VALUE, Integer.MIN_VALUE, -1};
    for (int value : edges) assertHex(value);
    SplittableRandom random = new SplittableRandom(1126L);
    for (int i = 0; i < 1_000_000; i++) assertHex(random.nextInt());
  }

  @Test
  void putWritesExactlyEightBytesAtThePosition() {
    byte[] out = "--------------".getBytes(StandardCharsets.US_ASCII);
    EightBytes.put(EightBytes.decimal(12_345_678), out, 3);
    assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("---12345678---");
  }

  private static void assertHex(int value) {
    byte[] out = new byte[8];
    EightBytes.put(EightBytes.hex(value), out, 0);
    String expected = String.format("%08x", value);
    assertThat(new String(out, StandardCharsets.US_ASCII)).as("hex of %d", value).isEqualTo(expected);
  }
}
