package io.ziptrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HexTest {
  @Test
  void writeHex16MatchesPaddedToHexStringAndTouchesNothingElse() {
    SplittableRandom random = new SplittableRandom(1126L);
    long[] values = new long[100_003];
    values[0] = 1L;
    values[1] = -1L;
    values[2] = Long.MIN_VALUE;
    for (int i = 3; i < values.length; i++) values[i] = random.nextLong() >>> random.nextInt(64);
    for (long value : values) {
      byte[] out = new byte[20];
      java.util.Arrays.fill(out, (byte) '-');
      Hex.writeHex16(value, out, 2);
      String expected = "--" + String.format("%016x", value) + "--";
      assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(expected);
      assertThat(Hex.parseHex16(expected, 2)).isEqualTo(value);
    }
  }
}
