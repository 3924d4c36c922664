package io.ziptrace.reporting;

import static io.ziptrace.reporting.AsyncReporterTest.await;
import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/**
 * One thread, the first the factory makes, takes batches and encodes them; the others only send.
 * So one message is encoded at a time however many sends are in flight, and the encoder gets at
 * most one message ahead of the send threads.
 */
class OneEncoderThreadTest {
  static final int SPANS_PER_MESSAGE = 5;
  final int spanSize = SpanEncoder.of(Encoding.JSON).sizeInBytes(span(1));
  final int messageMaxBytes = Encoding.JSON.listSizeInBytes(SPANS_PER_MESSAGE, SPANS_PER_MESSAGE * (long) spanSize);
  final List<Thread> made = new CopyOnWriteArrayList<>();
  final Set<Thread> sentOn = ConcurrentHashMap.newKeySet();

  ThreadFactory recording(int allowed) {
    return work -> {
      if (made.size() == allowed) throw new IllegalStateException("no more threads");
      Thread thread = new Thread(work, "test-reporter-" + made.size());
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    };
  }

  FakeSender.Answer recordThread(CountDownLatch release) {
    FakeSender.Answer block = FakeSender.blockUntil(release);
    return message -> {
      sentOn.add(Thread.currentThread());
      block.answer(message);
    };
  }

  @Test
  void theEncoderNeverSends_andGetsOneMessageAheadAtMost() {
    CountDownLatch release = new CountDownLatch(1);
    FakeSender sender = new FakeSender(messageMaxBytes);
    for (int i = 0; i < 4; i++) sender.then(recordThread(release));
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(2).sendInterval(Duration.ofHours(1))
        .threadFactory(recording(Integer.MAX_VALUE)).build();

    for (int i = 1; i <= 4 * SPANS_PER_MESSAGE; i++) reporter.report(span(i));

    await(() -> sender.attempts() == 2);
    assertThat(made).hasSize(3); // the encoder and 2 send threads
    assertThat(sentOn).hasSize(2).doesNotContain(made.get(0));
    // both send threads are busy: the third batch is encoded and waits for one, the fourth stays
    // queued; all four still count as queued, in flight or not
    assertThat(reporter.metrics().queuedSpans()).isEqualTo(4 * SPANS_PER_MESSAGE);
    assertThat(sender.attempts()).isEqualTo(2);
    release.countDown();
    reporter.flush();
    assertThat(sender.accepted()).hasSize(4 * SPANS_PER_MESSAGE);
    assertThat(sentOn).doesNotContain(made.get(0));
    reporter.close();
  }

  @Test
  void withoutASendThreadTheEncoderSendsItself() {
    FakeSender sender = new FakeSender(messageMaxBytes).then(recordThread(new CountDownLatch(0)));
    AsyncReporter reporter = AsyncReporter.builder(sender).maxConcurrentSends(2).sendInterval(Duration.ofMillis(1))
        .threadFactory(recording(1)).build();

    for (int i = 1; i <= 2 * SPANS_PER_MESSAGE; i++) reporter.report(span(i));
    reporter.flush();

    assertThat(sentOn).containsExactly(made.get(0));
    assertThat(sender.accepted()).hasSize(2 * SPANS_PER_MESSAGE);
    reporter.close();
  }
}
