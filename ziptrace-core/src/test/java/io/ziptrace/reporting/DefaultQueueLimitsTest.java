package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The default queue limits hold two seconds of a busy service's spans while the collector
 * answers nothing: 40,000 spans a second of a typical server span (a name, 3 tags, an annotation,
 * 128-bit ids, a local endpoint). Lower limits lose spans whenever a collector pauses that long
 * (a garbage collection, a restart), however fast it is otherwise.
 */
class DefaultQueueLimitsTest {
  static final int SPANS_PER_SECOND = 40_000;
  static final Endpoint LOCAL = Endpoint.builder("frontend").ipv4("10.1.2.3").port(8080).build();

  @Test
  void holdTwoSecondsOfFortyThousandTypicalSpansASecondWhileNothingIsSent() {
    // the default sending threads each take a batch and block on it; everything after waits in the queue
    AsyncReporter reporter = AsyncReporter.builder(new BlockedSender())
        .closeTimeout(Duration.ZERO).build(); // the queue's limits at their defaults; close() need not send them all
    int spans = 2 * SPANS_PER_SECOND;

    for (int i = 1; i <= spans; i++) reporter.report(typicalSpan(i));

    assertThat(reporter.metrics().spansDropped()).isZero();
    assertThat(reporter.metrics().queuedSpans()).isEqualTo(spans); // in flight included
    reporter.close(); // interrupts the blocked sends
  }

  @Test
  void aTypicalSpanIsAsLargeAsTheBenchmarkedOne() { // so that the test above holds what it says
    assertThat(SpanEncoder.of(Encoding.JSON).estimatedSizeInBytes(typicalSpan(1))).isBetween(340, 400);
  }

  /** Blocks every send until the reporter's close() interrupts it. */
  static final class BlockedSender extends MessageReuseTest.JsonSender {
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public void send(byte[] buffer, int length, int spanCount) throws IOException {
      try {
        never.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
    }
  }

  static FinishedSpan typicalSpan(long i) {
    FinishedSpan.Builder span = FinishedSpan.builder(TraceContext.builder().traceId(0x463ac35c9f6413adL, i)
            .spanId(0x72485a3953bb6124L + i).sampled(true).build())
        .name("get /api/users/{id}").kind(Kind.SERVER).timestamp(1_700_000_000_000_000L + i).duration(1_234L)
        .localEndpoint(LOCAL).addAnnotation(1_700_000_000_000_100L + i, "cache miss");
    span.putTag("http.method", "GET").putTag("http.path", "/api/users/42").putTag("http.status_code", "200");
    return span.build();
  }
}
