package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * B3 over plain maps read through {@link MapHeaders#GETTER}, which it reads in one pass ({@link
 * B3FromMap}, {@link HeaderNames}): it must extract exactly what asking the getter for every name
 * extracts.
 */
class PlainMapExtractionTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String SPAN_ID = "a2fb4a1d1a96d312";
  static final HeaderNames B3_NAMES = new HeaderNames(B3Propagation.multi().keys());
  /** The same lookups as {@link MapHeaders#GETTER}, but another getter: asked for every name, as before. */
  static final HeaderGetter<Map<String, String>> ASK_EVERY_NAME = (headers, name) -> MapHeaders.GETTER.get(headers, name);

  @Test
  void matchesEveryNameInAnyCaseAndNothingElse() {
    for (String key : new String[] {"x-b3-sampled", "X-B3-Sampled", "X-B3-SAMPLED", "x-B3-sAmPlEd"}) {
      assertThat(B3_NAMES.positionOf(key)).as(key).isEqualTo(B3Propagation.multi().keys().indexOf(B3Propagation.SAMPLED));
    }
    assertThat(B3_NAMES.positionOf("B3")).isEqualTo(0);
    for (Object key : new Object[] {null, 42, "", "user-agent", "x-b3-sampledx", "x-b3-sample", "x_b3_sampled"}) {
      assertThat(B3_NAMES.positionOf(key)).as(String.valueOf(key)).isEqualTo(-1);
    }
  }

  @Test
  void findsHeadersInAnyCase() {
    Map<String, String> headers = request("X-B3-TraceId", TRACE_ID, "x-B3-SPANID", SPAN_ID, "X-B3-SAMPLED", "0");

    TraceContext context = B3Propagation.multi().extract(headers, MapHeaders.GETTER).context();

    assertThat(context.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(context.spanIdString()).isEqualTo(SPAN_ID);
    assertThat(context.sampled()).isFalse();
  }

  @Test
  void aRequestWithoutTraceHeadersHoldsNone() {
    assertThat(B3Propagation.multi().extract(request(), MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
  }

  @Test
  void anEmptyMapHoldsNone() {
    assertThat(B3Propagation.multi().extract(new HashMap<>(), MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
    assertThat(B3Propagation.multi().extract(Map.of(), MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
  }

  /** Which spelling wins stays the getter's call: the exact name, then X-B3-Sampled, then the first met. */
  @Test
  void duplicateSpellingsResolveAsTheGetterDoes() {
    assertThat(sampledFrom("X-B3-SAMPLED", "0", "X-B3-Sampled", "0", "x-b3-sampled", "1")).isTrue();
    assertThat(sampledFrom("X-B3-SAMPLED", "1", "X-B3-Sampled", "0")).isFalse();
    assertThat(sampledFrom("X-B3-SAMPLED", "1", "x-B3-sampled", "0")).isTrue();
    assertThat(sampledFrom("x-B3-sampled", "0", "X-B3-SAMPLED", "1")).isFalse();
  }

  static Boolean sampledFrom(String... nameValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) headers.put(nameValues[i], nameValues[i + 1]);
    headers.put("X-B3-TraceId", TRACE_ID);
    headers.put("X-B3-SpanId", SPAN_ID);
    return B3Propagation.multi().extract(headers, MapHeaders.GETTER).context().sampled();
  }

  @Test
  void nullKeysAreSkippedAndNullValuesAreAbsent() {
    Map<String, String> headers = request("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", null);
    headers.put(null, "HTTP/1.1 200 OK");

    IncomingContext extracted = B3Propagation.multi().extract(headers, MapHeaders.GETTER);

    assertThat(extracted.context().spanIdString()).isEqualTo(SPAN_ID);
    assertThat(extracted.sampled()).isNull();
    headers.put("X-B3-SpanId", null);
    assertThat(B3Propagation.multi().extract(headers, MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
  }

  @Test
  void malformedValuesAreRefusedAsBefore() {
    assertThat(B3Propagation.multi().extract(request("X-B3-TraceId", "463AC35C9F6413AD", "X-B3-SpanId", SPAN_ID),
        MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
    assertThat(B3Propagation.multi().extract(request("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "yes"),
        MapHeaders.GETTER).context().sampled()).isNull();
    // a malformed b3 falls back to the X-B3-* headers
    assertThat(B3Propagation.multi().extract(request("B3", "nonsense", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID),
        MapHeaders.GETTER).context().spanIdString()).isEqualTo(SPAN_ID);
    assertThat(B3Propagation.multi().extract(request("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID.toUpperCase(Locale.ROOT)),
        MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
  }

  @Test
  void aMapThatIgnoresCaseIsAskedDirectly() {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("X-B3-TRACEID", TRACE_ID);
    headers.put("x-b3-spanid", SPAN_ID);

    assertThat(MapHeaders.plainMap(headers, MapHeaders.GETTER)).isNull();
    assertThat(B3Propagation.multi().extract(headers, MapHeaders.GETTER).context().spanIdString()).isEqualTo(SPAN_ID);
  }

  @Test
  void otherGettersAreAskedForEveryNameAsBefore() {
    List<String> asked = new ArrayList<>();
    HeaderGetter<Map<String, String>> recording = (headers, name) -> {
      asked.add(name);
      return headers.get(name);
    };

    assertThat(MapHeaders.plainMap(request(), recording)).isNull();
    B3Propagation.multi().extract(request("x-b3-traceid", TRACE_ID, "x-b3-spanid", SPAN_ID), recording);

    assertThat(asked).containsExactly("b3", "x-b3-flags", "x-b3-sampled", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid");
  }

  @Test
  void aMapThatCannotBeIteratedIsAskedDirectly() {
    Map<String, String> headers = new HashMap<>() {
      @Override
      public Set<Map.Entry<String, String>> entrySet() {
        throw new IllegalStateException("no iteration");
      }
    };
    headers.put("x-b3-traceid", TRACE_ID);
    headers.put("x-b3-spanid", SPAN_ID);

    assertThat(B3FromMap.extract(headers)).isNull();
    assertThat(B3Propagation.multi().extract(headers, MapHeaders.GETTER).context().spanIdString()).isEqualTo(SPAN_ID);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aValueThatIsNotAStringIsLeftToTheGetter() {
    Map headers = request("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID);
    headers.put("X-B3-Sampled", 1);

    assertThat(B3FromMap.extract(headers)).isNull();
    IncomingContext extracted = B3Propagation.multi().extract(headers, MapHeaders.GETTER);
    assertThat(extracted.context().spanIdString()).isEqualTo(SPAN_ID);
    assertThat(extracted.sampled()).as("the getter fails on that header: absent").isNull();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aCarrierThatIsNotAMapIsNoContext() {
    HeaderGetter raw = MapHeaders.GETTER;

    assertThat(B3Propagation.multi().extract("x-b3-traceid", raw)).isSameAs(IncomingContext.EMPTY);
  }

  @Test
  void extractsWhatAskingForEveryNameExtracts() {
    String[] names = {"b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags",
        "host", "x-b3-traceid2"};
    String[] values = {TRACE_ID, SPAN_ID, "0020000000000001", TRACE_ID + "-" + SPAN_ID + "-1", TRACE_ID + "-" + SPAN_ID,
        "1", "0", "true", "d", "", "zz", null, "0000000000000000"};
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      Map<String, String> headers = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
      for (int h = random.nextInt(8); h > 0; h--) {
        headers.put(spelling(names[random.nextInt(names.length)], random), values[random.nextInt(values.length)]);
      }

      IncomingContext onePass = B3Propagation.multi().extract(headers, MapHeaders.GETTER);
      IncomingContext everyName = B3Propagation.multi().extract(headers, ASK_EVERY_NAME);
      assertThat(describe(onePass)).as(headers.toString()).isEqualTo(describe(everyName));
    }
  }

  static String spelling(String name, Random random) {
    switch (random.nextInt(4)) {
      case 0: return name;
      case 1: return name.toUpperCase(Locale.ROOT);
      case 2: return HttpCapitalisation.of(name) != null ? HttpCapitalisation.of(name) : name;
      default:
        StringBuilder mixed = new StringBuilder(name);
        for (int c = 0; c < mixed.length(); c++) {
          if (random.nextBoolean()) mixed.setCharAt(c, Character.toUpperCase(mixed.charAt(c)));
        }
        return mixed.toString();
    }
  }

  static String describe(IncomingContext extracted) {
    TraceContext context = extracted.context();
    String ids = context == null ? "none"
        : context + " state=" + context.traceState() + " random=" + context.randomTraceId();
    return ids + " sampled=" + extracted.sampled() + " debug=" + extracted.debug();
  }

  /** A request as a plain map: the usual headers, then {@code nameValues}. */
  static Map<String, String> request(String... nameValues) {
    Map<String, String> headers = new HashMap<>();
    headers.put("host", "api.example.com");
    headers.put("user-agent", "curl/8.5.0");
    headers.put("accept", "*/*");
    for (int i = 0; i < nameValues.length; i += 2) headers.put(nameValues[i], nameValues[i + 1]);
    return headers;
  }
}
