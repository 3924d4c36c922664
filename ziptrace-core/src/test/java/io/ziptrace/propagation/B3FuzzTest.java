package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.TraceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and adversarial header values never throw and never yield an id that was not sent. */
class B3FuzzTest {
  static final List<String> NAMES = List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
      "x-b3-sampled", "x-b3-flags");
  static final String VALID_SINGLE = "463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-1-0020000000000001";

  @Test
  void randomHeadersNeverThrow() {
    Random random = new Random(42);
    int contexts = 0;
    for (int i = 0; i < 120_000; i++) {
      Map<String, String> headers = new HashMap<>();
      for (String name : NAMES) {
        if (random.nextInt(3) > 0) headers.put(name, randomValue(random));
      }

      IncomingContext extracted = B3Propagation.multi().extract(headers, MapHeaders.GETTER);

      TraceContext context = extracted.context();
      if (context != null) {
        contexts++;
        assertThat(context.traceId()).isNotZero();
        assertThat(context.spanId()).isNotZero();
        String all = String.join(" ", headers.values());
        assertThat(all).contains(context.spanIdString());
        assertThat(all).contains(context.traceIdString().substring(context.traceIdString().length() - 16));
      }
    }
    assertThat(contexts).as("some random headers are near-valid enough to parse").isPositive();
  }

  @Test
  void hugeValuesAreRejectedWithoutScanning() {
    String huge = VALID_SINGLE.repeat(16_000); // about 1 MB
    Map<String, String> headers = Map.of("b3", huge, "x-b3-traceid", huge, "x-b3-spanid", huge);

    assertThat(B3Propagation.multi().extract(headers, MapHeaders.GETTER).isEmpty()).isTrue();
  }

  /** Near-valid values mutated at one place, random junk, controls, Unicode, and lone states. */
  static String randomValue(Random random) {
    switch (random.nextInt(8)) {
      case 0: return mutate(VALID_SINGLE.substring(0, random.nextInt(VALID_SINGLE.length() + 1)), random);
      case 1: return mutate("463ac35c9f6413ad", random);
      case 2: return mutate("a2fb4a1d1a96d312", random);
      case 3: return String.valueOf("01dDtrue-".charAt(random.nextInt(9)));
      case 4: return randomHex(random, random.nextInt(40));
      case 5: return VALID_SINGLE;
      default: {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(80); n > 0; n--) s.append((char) random.nextInt(0x10000));
        return s.toString();
      }
    }
  }

  static String mutate(String s, Random random) {
    if (s.isEmpty() || random.nextBoolean()) return s;
    char[] chars = s.toCharArray();
    char[] junk = {'\0', '\n', 'G', 'A', '-', ' ', '\u00e9', '\uD800', 'f', '0'};
    chars[random.nextInt(chars.length)] = junk[random.nextInt(junk.length)];
    return new String(chars);
  }

  static String randomHex(Random random, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) s.append("0123456789abcdef-".charAt(random.nextInt(17)));
    return s.toString();
  }
}
