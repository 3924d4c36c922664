package io.ziptrace.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.Sender;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reporter's counts as Micrometer meters. */
class ZiptraceReporterMetricsTest {

  /** A sender that accepts every message, as a collector would; counts them. */
  static final class AcceptingSender implements Sender {
    final CountDownLatch sent = new CountDownLatch(1);

    @Override
    public Encoding encoding() {
      return Encoding.JSON;
    }

    @Override
    public int messageMaxBytes() {
      return 500_000;
    }

    @Override
    public void send(byte[] message, int length) {
      sent.countDown();
    }

    @Override
    public void close() {
    }
  }

  @Test
  void metersFollowTheReporter() throws InterruptedException {
    AcceptingSender sender = new AcceptingSender();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AsyncReporter reporter = AsyncReporter.builder(sender).build()) {
      new ZiptraceReporterMetrics(reporter).bindTo(registry);
      FinishedSpan span = FinishedSpan.builder(TraceContext.builder().traceId(1L).spanId(2L).build())
          .name("reported").timestamp(1_000L).duration(10L).build();
      reporter.report(span);
      reporter.flush();
      assertThat(sender.sent.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(registry.get("ziptrace.reporter.spans.reported").functionCounter().count()).isEqualTo(1.0);
      reporter.flush();
      assertThat(registry.get("ziptrace.reporter.messages.sent").functionCounter().count()).isGreaterThanOrEqualTo(0);
      assertThat(registry.get("ziptrace.reporter.spans.dropped").tag("reason", "queue_full").functionCounter().count())
          .isZero();
      assertThat(registry.find("ziptrace.reporter.spans.dropped").functionCounters()).hasSize(5);
      assertThat(registry.get("ziptrace.reporter.queue.spans").gauge().value()).isGreaterThanOrEqualTo(0);
      assertThat(registry.get("ziptrace.reporter.queue.bytes").gauge()).isNotNull();
      assertThat(registry.get("ziptrace.reporter.send.errors").functionCounter().count()).isZero();
      assertThat(registry.get("ziptrace.reporter.bytes.sent").functionCounter()).isNotNull();
      assertThat(registry.get("ziptrace.reporter.spans.sent").functionCounter()).isNotNull();
    }
  }
}
