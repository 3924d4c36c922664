package io.ziptrace.reporting;

import static io.ziptrace.reporting.AsyncReporterTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The queue counts a span by the encoder's estimate (one byte per char of its strings), and the
 * reporter's thread measures exactly: text that encodes to more bytes than chars still goes out
 * in messages within the limit, and a span over the limit only once measured is dropped as too
 * large, not sent.
 */
class ExactSizeOnReporterThreadTest {
  static final SpanEncoder JSON = SpanEncoder.of(Encoding.JSON);

  /** A span whose name encodes to twice as many bytes as it has chars: quotes are escaped. */
  static FinishedSpan quoted(long id, int quotes) {
    return FinishedSpan.builder(TraceContext.builder().traceId(id).spanId(id).build())
        .name("\"".repeat(quotes)).timestamp(1_700_000_000_000_000L).duration(10).build();
  }

  @Test
  void theEstimateIsExactForPlainAsciiAndUnderForTextThatEncodesLonger() {
    FinishedSpan plain = FakeSender.span(1);
    FinishedSpan quoted = quoted(2, 100);
    FinishedSpan accented = FinishedSpan.builder(TraceContext.builder().traceId(3).spanId(3).build())
        .name("café ☕").putTag("città", "Zürich").build();

    for (Encoding encoding : Encoding.values()) {
      SpanEncoder encoder = SpanEncoder.of(encoding);
      assertThat(encoder.estimatedSizeInBytes(plain)).as(encoding.name()).isEqualTo(encoder.sizeInBytes(plain));
      assertThat(encoder.estimatedSizeInBytes(accented)).as(encoding.name()).isLessThan(encoder.sizeInBytes(accented));
    }
    assertThat(JSON.estimatedSizeInBytes(quoted)).isEqualTo(JSON.sizeInBytes(quoted) - 100);
  }

  @Test
  void spansLargerThanTheirEstimateAreCutIntoMessagesWithinTheLimit() {
    int perMessageByEstimate = 6;
    int estimate = JSON.estimatedSizeInBytes(quoted(1, 50));
    FakeSender sender = new FakeSender(Encoding.JSON.listSizeInBytes(perMessageByEstimate, perMessageByEstimate * (long) estimate));
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    for (int i = 1; i <= 12; i++) reporter.report(quoted(i, 50));
    reporter.flush();

    assertThat(sender.accepted()).hasSize(12);
    assertThat(sender.accepted()).allSatisfy(span -> assertThat(span.name()).isEqualTo("\"".repeat(50)));
    assertThat(sender.messageSizes()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(sender.messageMaxBytes()));
    assertThat(sender.messageSizes().size()).isGreaterThan(2); // the estimate fitted 6 a message; fewer fit
    assertThat(reporter.metrics().spansSent()).isEqualTo(12);
    assertThat(reporter.metrics().queuedSpans()).isZero();
    assertThat(reporter.metrics().queuedBytes()).isZero();
    reporter.close();
  }

  @Test
  void aSpanOverTheLimitOnlyOnceMeasuredIsDroppedAsTooLargeAndTheRestAreSent() {
    FinishedSpan tooLarge = quoted(2, 300);
    int limit = Encoding.JSON.listSizeInBytes(1, JSON.estimatedSizeInBytes(tooLarge)) + 10;
    assertThat(Encoding.JSON.listSizeInBytes(1, JSON.sizeInBytes(tooLarge))).isGreaterThan(limit);
    FakeSender sender = new FakeSender(limit);
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();

    reporter.report(FakeSender.span(1));
    reporter.report(tooLarge);
    reporter.report(FakeSender.span(3));
    reporter.flush();

    // in any order: the queue may cut them into two batches, which two threads send at once
    assertThat(sender.accepted()).extracting(zipkin2.Span::name).containsExactlyInAnyOrder("span 000001", "span 000003");
    assertThat(reporter.metrics().spansDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    assertThat(reporter.metrics().spansSent()).isEqualTo(2);
    await(() -> reporter.metrics().queuedBytes() == 0);
    reporter.close();
  }
}
