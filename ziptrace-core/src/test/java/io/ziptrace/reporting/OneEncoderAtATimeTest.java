package io.ziptrace.reporting;

import static io.ziptrace.reporting.FakeSender.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.encoding.Encoding;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With several flushers, one encodes at a time: a second flusher takes the next batch only once
 * the first says its message is encoded, and then while the first is still sending it.
 */
class OneEncoderAtATimeTest {
  /** Each span counts 299 bytes, and a message of 300 holds one: every span queued is a full batch. */
  final PendingSpans pending = new PendingSpans(100, 1_000_000, Encoding.JSON, 300, TimeUnit.HOURS.toNanos(1));
  final ExecutorService flushers = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopFlushers() throws InterruptedException {
    pending.close(System.nanoTime());
    pending.abandon();
    flushers.shutdownNow();
    assertThat(flushers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theNextBatchWaitsUntilTheFirstIsEncoded() throws Exception {
    assertThat(pending.offer(span(1), 299)).isNull();
    assertThat(pending.offer(span(2), 299)).isNull();

    CompletableFuture<Thread> firstTaker = new CompletableFuture<>();
    CompletableFuture<Void> firstEncoded = new CompletableFuture<>();
    flushers.submit(() -> {
      Batch batch = pending.awaitNextBatch();
      firstTaker.complete(batch != null && batch.size() == 1 ? Thread.currentThread() : null);
      firstEncoded.join(); // the test says when this flusher is done encoding
      pending.encoded();
      return null;
    });
    assertThat(firstTaker.get(10, TimeUnit.SECONDS)).isNotNull();

    CompletableFuture<Thread> secondTakerThread = new CompletableFuture<>();
    CompletableFuture<Batch> second = CompletableFuture.supplyAsync(() -> {
      secondTakerThread.complete(Thread.currentThread());
      return pending.awaitNextBatch();
    }, flushers);
    Thread secondThread = secondTakerThread.get(10, TimeUnit.SECONDS);
    awaitWaiting(secondThread); // parked in awaitNextBatch although a batch is due
    assertThat(second).isNotDone();

    firstEncoded.complete(null);
    assertThat(second.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);
    assertThat(pending.queuedSpans()).isEqualTo(2); // both in flight: the first is still sending
  }

  @Test
  void encodedFromAnotherThreadThanTheEncoderChangesNothing() throws Exception {
    assertThat(pending.offer(span(1), 299)).isNull();
    assertThat(pending.offer(span(2), 299)).isNull();
    Batch first = flushers.submit(pending::awaitNextBatch).get(10, TimeUnit.SECONDS);
    assertThat(first.size()).isEqualTo(1);

    pending.encoded(); // the test's thread did not take the batch: the encoding flusher still holds its turn

    CompletableFuture<Thread> secondThread = new CompletableFuture<>();
    CompletableFuture<Batch> second = CompletableFuture.supplyAsync(() -> {
      secondThread.complete(Thread.currentThread());
      return pending.awaitNextBatch();
    }, flushers);
    awaitWaiting(secondThread.get(10, TimeUnit.SECONDS));
    assertThat(second).isNotDone();
  }

  @Test
  void aSpanOfferedWhileOneEncodesStillGoesAfterTheSendInterval() throws Exception {
    PendingSpans slow = new PendingSpans(100, 1_000_000, Encoding.JSON, 500_000, TimeUnit.MILLISECONDS.toNanos(100));
    try {
      assertThat(slow.offer(span(1), 200)).isNull();
      CompletableFuture<Void> firstEncoded = new CompletableFuture<>();
      CompletableFuture<Batch> first = new CompletableFuture<>();
      flushers.submit(() -> {
        first.complete(slow.awaitNextBatch()); // a partial batch, once the send interval passed
        firstEncoded.join();
        slow.encoded();
        return null; // and it keeps "sending" for the rest of the test: this thread never comes back
      });
      assertThat(first.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);

      CompletableFuture<Thread> secondThread = new CompletableFuture<>();
      CompletableFuture<Batch> second = CompletableFuture.supplyAsync(() -> {
        secondThread.complete(Thread.currentThread());
        return slow.awaitNextBatch(); // the queue is empty: it waits without a timeout
      }, flushers);
      awaitWaiting(secondThread.get(10, TimeUnit.SECONDS));

      assertThat(slow.offer(span(2), 200)).isNull(); // while the first flusher encodes
      firstEncoded.complete(null);
      assertThat(second.get(10, TimeUnit.SECONDS).spans()).extracting(s -> s.context().spanId()).containsExactly(2L);
    } finally {
      slow.close(System.nanoTime());
      slow.abandon();
    }
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}
