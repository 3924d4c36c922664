package io.ziptrace.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.BaggageField;
import io.ziptrace.TraceContext;
import io.ziptrace.it.Figures;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.IncomingContext;
import io.ziptrace.propagation.HeaderGetter;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One million random and adversarial values for every header ziptrace reads: no exception, and
 * no context built from an id that was not literally, validly present; and as many for {@code
 * tracestate} and {@code baggage}, with nothing invalid injected again. {@link
 * HostileTraceStateAndBaggageTest} sends the worst of them to real servers.
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

  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("x-user-id");
  static final List<BaggageField> BAGGAGE_FIELDS = List.of(USER_ID, BaggageField.remote("tenant"), BaggageField.remote("region"),
      BaggageField.local("session"));
  static final List<String> REMOTE_KEYS = List.of("user_id", "tenant", "region");
  static final String[] W3C_SEEDS = {
      "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", "user_id=alice,tenant=acme;p=1,region=eu%20west,session=s1",
      "user_id=Am%C3%A9lie", " user_id = alice ,\ttenant=%25", "a@b/c*d_e-f=v,z=" + "v".repeat(256), "alice"};

  /**
   * A million hostile values for {@code tracestate}, {@code baggage} (each in one to three header
   * fields) and a field's own header, beside a valid {@code traceparent} or a hostile one: no
   * exception; what the context keeps is valid and bounded; what is injected again is valid by
   * the W3C grammars ({@link W3cGrammar}) or absent.
   */
  @Test
  void aMillionHostileTraceStatesAndBaggagesNeverThrowNorPassOnInvalidHeaders() {
    Propagation propagation = BaggagePropagation.wrap(CompositePropagation.of(TraceparentPropagation.create(),
        B3Propagation.multi()), BAGGAGE_FIELDS);
    HeaderGetter<Map<String, List<String>>> getter = new HeaderGetter<>() {
      @Override
      public String get(Map<String, List<String>> carrier, String name) {
        List<String> values = carrier.get(name);
        return values == null ? null : values.get(0);
      }

      @Override
      public List<String> getAll(Map<String, List<String>> carrier, String name) {
        return carrier.getOrDefault(name, List.of());
      }
    };
    SplittableRandom random = new SplittableRandom(2027);
    int values = 0;
    int traceStates = 0;
    int baggages = 0;
    while (values < 1_000_000) {
      Map<String, List<String>> headers = new HashMap<>();
      headers.put("traceparent", List.of(random.nextInt(4) == 0 ? hostile(random) : SEEDS[1]));
      for (String name : List.of("tracestate", "baggage")) {
        List<String> fields = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) fields.add(hostileW3c(random));
        headers.put(name, fields);
        values += fields.size();
      }
      if (random.nextBoolean()) headers.put("x-user-id", List.of(hostileW3c(random)));
      values += 2;

      IncomingContext extracted = propagation.extract(headers, getter);

      TraceContext context = extracted.context();
      if (context == null) {
        context = TraceContext.builder().traceId(1L).spanId(1L).build();
        for (BaggageField field : BAGGAGE_FIELDS) context = context.withBaggage(field, extracted.baggage(field));
      }
      String kept = context.traceState();
      if (kept != null) assertThat(W3cGrammar.traceStateProblems(kept)).as("tracestate kept from %s", headers).isEmpty();
      assertThat(context.baggage().keySet()).as("baggage read from %s", headers).isSubsetOf(REMOTE_KEYS);
      assertThat(context.baggage().values().stream().mapToInt(String::length).sum()).as("baggage kept from %s", headers)
          .isLessThanOrEqualTo(W3cGrammar.BAGGAGE_MAX_BYTES + 4096);

      Map<String, List<String>> injected = new HashMap<>();
      propagation.inject(context, injected, (carrier, name, value) -> carrier.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
      injected.forEach((name, sent) -> sent.forEach(value -> assertThat(W3cGrammar.characterProblems(value))
          .as("%s injected from %s", name, headers).isEmpty()));
      if (injected.containsKey("tracestate")) {
        traceStates++;
        assertThat(W3cGrammar.traceStateProblems(String.join(",", injected.get("tracestate")))).as("tracestate injected from %s", headers)
            .isEmpty();
      }
      if (injected.containsKey("baggage")) {
        baggages++;
        assertThat(W3cGrammar.baggageProblems(String.join(",", injected.get("baggage")), REMOTE_KEYS))
            .as("baggage injected from %s", headers).isEmpty();
      }
    }
    assertThat(traceStates).as("valid seeds survive often enough to exercise the success path").isGreaterThan(1_000);
    assertThat(baggages).as("valid seeds survive often enough to exercise the success path").isGreaterThan(1_000);
    Figures.print("hostile tracestate and baggage values", "%d values, 0 exceptions, %d valid tracestates and %d valid baggages"
        + " injected again", values, traceStates, baggages);
  }

  /** A tracestate, baggage or own-header value: a seed, mutated, cut, repeated, or noise from their alphabet. */
  static String hostileW3c(SplittableRandom random) {
    String seed = W3C_SEEDS[random.nextInt(W3C_SEEDS.length)];
    switch (random.nextInt(8)) {
      case 0: return seed;
      case 1: return mutate(seed, random);
      case 2: return seed.substring(0, random.nextInt(seed.length() + 1));
      case 3: return String.join(",", java.util.Collections.nCopies(1 + random.nextInt(40), seed));
      case 4: return seed + "%" + Integer.toHexString(random.nextInt(0x100)) + (char) random.nextInt(0x80);
      case 5: return seed.replace('=', (char) random.nextInt(0x100));
      case 6: return hostile(random);
      default: {
        char[] chars = new char[random.nextInt(120)];
        String alphabet = "abcAZ09_-*/@=,;% \t\r\n\u0000\u007f\u00e9\u00ff%C3%A9%zz";
        for (int i = 0; i < chars.length; i++) chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return new String(chars);
      }
    }
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
