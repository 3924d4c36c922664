package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each warning of the delivery path says what happened, to how many spans, where and why. */
class DelivererLogTest {
  final ReporterMetrics metrics = new ReporterMetrics(() -> 0, () -> 0);
  final DeliveryPipeline pending = new DeliveryPipeline(100, 1_000_000, Encoding.JSON, 500_000, 0);
  final List<String> lines = new ArrayList<>();

  Deliverer deliverer(FakeSender sender, Duration retryTimeout) {
    // every line is logged: no rate limit
    ReporterLog log = new ReporterLog("http://127.0.0.1:9411/api/v2/spans", metrics, 0, System::nanoTime, (l, line) -> lines.add(line));
    return new Deliverer(sender, 500_000, retryTimeout, pending, metrics, log);
  }

  static Batch batch(int spans) {
    FinishedSpan[] batch = new FinishedSpan[spans];
    int[] sizes = new int[spans];
    for (int i = 0; i < spans; i++) {
      batch[i] = span(i + 1);
      sizes[i] = SpanEncoder.of(Encoding.JSON).sizeInBytes(batch[i]);
    }
    return new Batch(batch, sizes);
  }

  @Test
  void givingUpNamesTheCollectorTheCauseTheAttemptsAndTheTimeTheyTook() {
    FakeSender sender = new FakeSender(500_000);
    for (int i = 0; i < 20; i++) sender.then(FakeSender.connectionRefused());
    long start = System.nanoTime();

    deliverer(sender, Duration.ofMillis(120)).deliver(batch(12), new MessageBuffer(500_000));

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(120).toNanos());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("cannot send spans to http://127.0.0.1:9411/api/v2/spans yet: scripted refusal;"
        + " retrying each batch for up to 120 ms, while spans wait in the queue");
    assertThat(lines.get(1)).matches("gave up sending 12 spans to http://127\\.0\\.0\\.1:9411/api/v2/spans: scripted refusal"
        + " \\(" + sender.attempts() + " attempts over 1[2-9]\\d ms\\)");
    assertThat(sender.attempts()).isBetween(2, 4); // 50 ms, then 70 ms: the last try is made when the time is up
  }

  @Test
  void anOutageMetWhileClosingSaysTheCloseTimeoutEndsTheRetries() {
    FakeSender sender = new FakeSender(500_000);
    for (int i = 0; i < 20; i++) sender.then(FakeSender.connectionRefused());
    pending.close(System.nanoTime() + Duration.ofMillis(100).toNanos());

    deliverer(sender, Duration.ofMinutes(1)).deliver(batch(2), new MessageBuffer(500_000));

    assertThat(lines).containsExactly(
        "cannot send spans to http://127.0.0.1:9411/api/v2/spans yet: scripted refusal; retrying until close() times out",
        "gave up sending 2 spans to http://127.0.0.1:9411/api/v2/spans at close, while retrying after: scripted refusal");
  }

  @Test
  void aZeroRetryTimeoutGivesUpAtTheFirstFailure() {
    FakeSender sender = new FakeSender(500_000).then(FakeSender.connectionRefused());

    deliverer(sender, Duration.ZERO).deliver(batch(3), new MessageBuffer(500_000));

    assertThat(sender.attempts()).isEqualTo(1);
    assertThat(lines).containsExactly("gave up sending 3 spans to http://127.0.0.1:9411/api/v2/spans: scripted refusal (1 attempt)");
  }

  @Test
  void anOutageIsLoggedWhenItStartsAndWhenItEnds_onceEach() {
    FakeSender sender = new FakeSender(500_000).then(FakeSender.connectionRefused()).then(FakeSender.connectionRefused())
        .then(message -> { }) // accepted
        .then(FakeSender.connectionRefused()); // then accepted, as every send after the script
    Deliverer deliverer = deliverer(sender, Duration.ofMinutes(1));

    deliverer.deliver(batch(1), new MessageBuffer(500_000)); // fails twice, then is delivered
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("cannot send spans to http://127.0.0.1:9411/api/v2/spans yet: scripted refusal");
    assertThat(lines.get(1)).matches("spans reach http://127\\.0\\.0\\.1:9411/api/v2/spans again after \\d+ ms;"
        + " no span was dropped meanwhile");

    deliverer.deliver(batch(1), new MessageBuffer(500_000)); // a new outage: fails once, then is delivered
    assertThat(lines).hasSize(4);
    assertThat(sender.attempts()).isEqualTo(5);
  }

  @Test
  void aSendAbortedByCloseIsNotBlamedOnTheCollector() {
    FakeSender sender = new FakeSender(500_000).then(FakeSender.connectionRefused()).then(message -> {
      Thread.currentThread().interrupt(); // as close() does at its timeout, before it closes the sender
      throw new java.io.InterruptedIOException("interrupted while sending");
    });

    deliverer(sender, Duration.ofMinutes(1)).deliver(batch(4), new MessageBuffer(500_000));

    assertThat(Thread.interrupted()).isTrue(); // the interrupt is left for the thread to stop on; cleared here
    assertThat(lines).last().isEqualTo("gave up sending 4 spans to http://127.0.0.1:9411/api/v2/spans at close: close() timed"
        + " out while they were being sent, after an attempt that failed: scripted refusal");
  }

  @Test
  void retriedRefusalsSayWhatTheCollectorAnswered() {
    FakeSender sender = new FakeSender(500_000).then(FakeSender.refuse(SendException.retryLater("HTTP 503: busy")));

    deliverer(sender, Duration.ZERO).deliver(batch(1), new MessageBuffer(500_000));

    assertThat(lines).containsExactly("gave up sending 1 span to http://127.0.0.1:9411/api/v2/spans: HTTP 503: busy (1 attempt)");
  }

  @Test
  void rejectionsSayWhoRefusedHowManyAndWhy() {
    FakeSender sender = new FakeSender(500_000).then(FakeSender.refuse(SendException.reject("HTTP 401: no body")));

    deliverer(sender, Duration.ofMinutes(1)).deliver(batch(2), new MessageBuffer(500_000));

    assertThat(lines).containsExactly("dropped 2 spans refused by http://127.0.0.1:9411/api/v2/spans: HTTP 401: no body");
  }

  @Test
  void anIsolatedSpanSaysWhyItWasRefused() {
    FakeSender sender = new FakeSender(500_000).rejecting(s -> s.name().equals("span 000002"));

    deliverer(sender, Duration.ofMinutes(1)).deliver(batch(2), new MessageBuffer(500_000));

    assertThat(lines).containsExactly("dropped 1 span refused by http://127.0.0.1:9411/api/v2/spans: poison span");
  }
}
