package io.ziptrace.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.TraceContext;
import io.ziptrace.it.Figures;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.IncomingContext;
import io.ziptrace.propagation.HeaderGetter;
import io.ziptrace.propagation.TraceparentPropagation;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One million random and adversarial values for every header ziptrace reads: no exception, and
 * no context built from an id that was not literally, validly present.
 */
class HostileHeadersTest {
  static final CompositePropagation ALL = CompositePropagation.of(B3Propagation.multi(), TraceparentPropagation.create());
  static final List<String> NAMES = List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
      "x-b3-flags", "traceparent");
  static final String[] SEEDS = {
      "463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-1-0020000000000001",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "463ac35c9f6413ad", "a2fb4a1d1a96d312", "1", "0", "d", "true"};

  @Test
  void aMillionHostileValuesNeverThrowNorForgeIds() {
    SplittableRandom random = new SplittableRandom(2026);
    int values = 0;
    int contexts = 0;
    while (values < 1_000_000) {
      String[] headers = new String[NAMES.size()];
      for (int i = 0; i < headers.length; i++) {
        if (random.nextInt(3) == 0) continue;
        headers[i] = hostile(random);
        values++;
      }
      HeaderGetter<String[]> getter = (carrier, name) -> carrier[NAMES.indexOf(name)];

      IncomingContext extracted = ALL.extract(headers, getter);

      TraceContext context = extracted.context();
      if (context != null) {
        contexts++;
        String all = String.join(" ", java.util.Arrays.stream(headers).map(String::valueOf).toArray(String[]::new));
        assertThat(all).contains(context.spanIdString());
        assertThat(context.traceId()).isNotZero();
      }
    }
    assertThat(contexts).as("valid seeds survive often enough to exercise the success path").isGreaterThan(1_000);
    Figures.print("hostile headers", "%d values, 0 exceptions, %d contexts, each from ids present in the input", values, contexts);
  }

  @Test
  void megabyteValuesAndRepeatedHeadersAreHarmless() {
    String huge = SEEDS[0].repeat(15_000);
    Map<String, String> headers = Map.of("b3", huge, "x-b3-traceid", huge, "x-b3-spanid", huge, "traceparent", huge);

    assertThat(ALL.extract(headers, Map::get).isEmpty()).isTrue();
    // A getter that joins repeated headers with commas, as some frameworks do.
    Map<String, String> repeated = Map.of("b3", SEEDS[0] + "," + SEEDS[0], "traceparent", SEEDS[1] + "," + SEEDS[1]);
    assertThat(ALL.extract(repeated, Map::get).context()).isNull();
  }

  static String hostile(SplittableRandom random) {
    switch (random.nextInt(9)) {
      case 0: return SEEDS[random.nextInt(SEEDS.length)];
      case 1: return mutate(SEEDS[random.nextInt(SEEDS.length)], random);
      case 2: return SEEDS[random.nextInt(SEEDS.length)].toUpperCase();
      case 3: return "0".repeat(random.nextInt(70));
      case 4: return SEEDS[random.nextInt(2)].substring(0, random.nextInt(SEEDS[0].length() / 2));
      case 5: return SEEDS[random.nextInt(SEEDS.length)] + (char) random.nextInt(0x20);
      case 6: {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(100); n > 0; n--) s.appendCodePoint(random.nextInt(0x110000) & ~0x800);
        return s.toString();
      }
      case 7: return "";
      default: {
        char[] chars = new char[random.nextInt(80)];
        String alphabet = "0123456789abcdefABCDEF-x\u0000\n ";
        for (int i = 0; i < chars.length; i++) chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return new String(chars);
      }
    }
  }

  static String mutate(String seed, SplittableRandom random) {
    char[] chars = seed.toCharArray();
    chars[random.nextInt(chars.length)] = (char) random.nextInt(0x10000);
    return new String(chars);
  }
}
