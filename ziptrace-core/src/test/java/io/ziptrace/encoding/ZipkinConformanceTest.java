package io.ziptrace.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/** The official zipkin2 library decodes every span we encode into the span we meant. */
class ZipkinConformanceTest {
  @ParameterizedTest
  @EnumSource(Encoding.class)
  void fixedSpansDecodeToWhatWeMeant(Encoding encoding) {
    SpanEncoder encoder = SpanEncoder.of(encoding);
    for (FinishedSpan span : SampleSpans.fixed()) {
      byte[] bytes = encoder.encode(span);

      assertThat(bytes).hasSize(encoder.sizeInBytes(span));
      assertThat(decoder(encoding).decodeOne(bytes))
          .isEqualTo(ZipkinSpans.toZipkin(span));
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void listsDecodeInOrder(Encoding encoding) {
    List<FinishedSpan> spans = SampleSpans.fixed();
    byte[] bytes = SpanEncoder.of(encoding).encodeList(spans);

    assertThat(SpanEncoder.of(encoding).sizeInBytes(spans)).isEqualTo(sumOfSizes(encoding, spans));
    assertThat(bytes).hasSize(encoding.listSizeInBytes(spans.size(), sumOfSizes(encoding, spans)));
    assertThat(decoder(encoding).decodeList(bytes)).containsExactlyElementsOf(toZipkin(spans));
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void writeListFillsExactlyTheListSizeAtAnOffset(Encoding encoding) {
    List<FinishedSpan> spans = SampleSpans.fixed();
    int size = encoding.listSizeInBytes(spans.size(), sumOfSizes(encoding, spans));
    byte[] out = new byte[7 + size + 3];

    int end = SpanEncoder.of(encoding).writeList(spans, out, 7);

    assertThat(end).isEqualTo(7 + size);
    byte[] message = Arrays.copyOfRange(out, 7, end);
    assertThat(decoder(encoding).decodeList(message)).containsExactlyElementsOf(toZipkin(spans));
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void emptyListIsValid(Encoding encoding) {
    byte[] bytes = SpanEncoder.of(encoding).encodeList(List.of());

    assertThat(bytes).hasSize(encoding.listSizeInBytes(0, 0));
    assertThat(decoder(encoding).decodeList(bytes)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void randomSpansOfAllUnicodeDecode(Encoding encoding) {
    Random random = new Random(20261125L);
    SpanEncoder encoder = SpanEncoder.of(encoding);
    for (int i = 0; i < 2_000; i++) {
      FinishedSpan span = SampleSpans.random(random, i % 2 == 0);
      byte[] bytes = encoder.encode(span);

      assertThat(bytes).hasSize(encoder.sizeInBytes(span));
      assertThat(decoder(encoding).decodeOne(bytes)).isEqualTo(withLoneSurrogatesReplaced(span));
    }
  }

  @org.junit.jupiter.api.Test
  void jsonIsByteForByteWhatZipkinWrites() {
    Random random = new Random(7L);
    List<FinishedSpan> spans = new ArrayList<>(SampleSpans.fixed());
    spans.remove(SampleSpans.UNICODE); // zipkin2 writes U+2028 raw and has no v1 guard
    for (int i = 0; i < 500; i++) spans.add(SampleSpans.random(random, false));
    spans.removeIf(s -> new String(SpanEncoder.of(Encoding.JSON).encode(s), StandardCharsets.UTF_8).contains("\\u"));

    for (FinishedSpan original : spans) {
      FinishedSpan span = asZipkinWritesIt(original);
      assertThat(new String(SpanEncoder.of(Encoding.JSON).encode(span), StandardCharsets.UTF_8))
          .isEqualTo(new String(SpanBytesEncoder.JSON_V2.encode(ZipkinSpans.toZipkin(span)), StandardCharsets.UTF_8));
    }
  }

  @org.junit.jupiter.api.Test
  void numbersOfEveryLengthAndIdsOfEveryDigitAreByteForByteWhatZipkinWrites() {
    List<Long> numbers = new ArrayList<>(List.of(1L, 9L, Long.MAX_VALUE));
    for (long power = 10L; ; power *= 10L) { // every digit count up to 19
      numbers.addAll(List.of(power - 1, power, power + 1, power * 5 + 7));
      if (power > Long.MAX_VALUE / 10) break;
    }
    long[] ids = {0x0123456789abcdefL, 0xfedcba9876543210L, 0x0000000000000001L, 0xa0a0a0a0a0a0a0a0L, -1L};
    for (int i = 0; i < numbers.size(); i++) {
      long number = numbers.get(i);
      long id = ids[i % ids.length];
      FinishedSpan span = FinishedSpan.builder(io.ziptrace.TraceContext.builder().traceId(ids[(i + 1) % ids.length], id)
              .spanId(ids[(i + 2) % ids.length]).parentId(id).build())
          .name("n").timestamp(number).duration(numbers.get(numbers.size() - 1 - i))
          .remoteEndpoint(io.ziptrace.Endpoint.builder("remote").port((int) (number % 65_535) + 1).build())
          .addAnnotation(number, "a").build();
      assertThat(new String(SpanEncoder.of(Encoding.JSON).encode(span), StandardCharsets.UTF_8)).as("number %d", number)
          .isEqualTo(new String(SpanBytesEncoder.JSON_V2.encode(ZipkinSpans.toZipkin(span)), StandardCharsets.UTF_8));
      assertThat(decoder(Encoding.JSON).decodeOne(SpanEncoder.of(Encoding.JSON).encode(span))).isEqualTo(ZipkinSpans.toZipkin(span));
    }
  }

  @org.junit.jupiter.api.Test
  void protoIsByteForByteWhatZipkinWrites() {
    Random random = new Random(8L);
    List<FinishedSpan> spans = new ArrayList<>(SampleSpans.fixed());
    for (int i = 0; i < 500; i++) spans.add(SampleSpans.random(random, false));

    for (FinishedSpan original : spans) {
      FinishedSpan span = asZipkinWritesIt(original);
      assertThat(SpanEncoder.of(Encoding.PROTO3).encode(span))
          .isEqualTo(SpanBytesEncoder.PROTO3.encode(ZipkinSpans.toZipkin(span)));
    }
  }

  private static zipkin2.Span withLoneSurrogatesReplaced(FinishedSpan span) {
    return ZipkinSpans.toZipkin(rebuild(span, ZipkinConformanceTest::clean));
  }

  /** The span as zipkin2 writes it: annotations by time, tags by key, names in lowercase. */
  private static FinishedSpan asZipkinWritesIt(FinishedSpan span) {
    return rebuild(span, s -> s);
  }

  /** Copies the span with {@code strings} applied to every string, annotations and tags sorted. */
  private static FinishedSpan rebuild(FinishedSpan span, java.util.function.UnaryOperator<String> strings) {
    FinishedSpan.Builder b = FinishedSpan.builder(span.context()).kind(span.kind())
        .timestamp(span.timestamp()).duration(span.duration()).remoteEndpoint(span.remoteEndpoint());
    if (span.name() != null) b.name(strings.apply(span.name()).toLowerCase(java.util.Locale.ROOT));
    if (span.localEndpoint() != null) {
      String service = span.localEndpoint().serviceName();
      b.localEndpoint(span.localEndpoint().toBuilder()
          .serviceName(service == null ? null : strings.apply(service).toLowerCase(java.util.Locale.ROOT)).build());
    }
    Integer[] byTime = new Integer[span.annotationCount()];
    for (int i = 0; i < byTime.length; i++) byTime[i] = i;
    java.util.Arrays.sort(byTime, java.util.Comparator.comparingLong(span::annotationTimestamp));
    for (int i : byTime) b.addAnnotation(span.annotationTimestamp(i), strings.apply(span.annotationValue(i)));
    new java.util.TreeMap<>(span.tags()).forEach((k, v) -> b.putTag(strings.apply(k), strings.apply(v)));
    return b.build();
  }

  /** What any UTF-8 encoder makes of a lone surrogate: a question mark. */
  private static String clean(String s) {
    return s == null ? null : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static long sumOfSizes(Encoding encoding, List<FinishedSpan> spans) {
    long sum = 0;
    for (FinishedSpan span : spans) sum += SpanEncoder.of(encoding).sizeInBytes(span);
    return sum;
  }

  private static List<zipkin2.Span> toZipkin(List<FinishedSpan> spans) {
    List<zipkin2.Span> result = new ArrayList<>();
    for (FinishedSpan span : spans) result.add(ZipkinSpans.toZipkin(span));
    return result;
  }

  private static SpanBytesDecoder decoder(Encoding encoding) {
    return encoding == Encoding.JSON ? SpanBytesDecoder.JSON_V2 : SpanBytesDecoder.PROTO3;
  }
}
