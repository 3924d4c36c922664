package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GivingWayTest {
  @ParameterizedTest
  @CsvSource({
      "JSON, 0", "JSON, 1", "JSON, 63", "JSON, 64", "JSON, 65", "JSON, 128", "JSON, 200",
      "PROTO3, 1", "PROTO3, 64", "PROTO3, 65", "PROTO3, 200"})
  void writesTheSameBytesAsTheEncodersOwnList(Encoding encoding, int count) {
    SpanEncoder encoder = SpanEncoder.of(encoding);
    List<FinishedSpan> spans = spans(count);
    byte[] expected = new byte[(int) encoding.listSizeInBytes(count, encoder.sizeInBytes(spans))];
    assertThat(encoder.writeList(spans, expected, 0)).isEqualTo(expected.length);
    byte[] chunked = new byte[expected.length + 16]; // room to spare: nothing may be written past the list

    int end = GivingWay.writeList(encoder, spans, chunked);

    assertThat(end).isEqualTo(expected.length);
    assertThat(Arrays.copyOf(chunked, end)).isEqualTo(expected);
    assertThat(Arrays.copyOfRange(chunked, end, chunked.length)).containsOnly(0);
  }

  private static List<FinishedSpan> spans(int count) {
    List<FinishedSpan> spans = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      TraceContext context = TraceContext.builder().traceId(0x463ac35c9f6413adL, i).spanId(i).sampled(true).build();
      spans.add(FinishedSpan.builder(context).name("span " + i).kind(Kind.CLIENT).timestamp(1_700_000_000_000_000L + i)
          .duration(i).putTag("index", Integer.toString(i)).build());
    }
    return spans;
  }
}
