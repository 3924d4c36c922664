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
 * With several delivery threads, one encodes at a time: a second thread takes the next batch only
 * once the first gives the encoding turn back, and then while the first is still sending. The
 * test's threads play the delivery threads, taking and giving back the turn as they do.
 */
class OneEncoderAtATimeTest {
  /** Each span counts 299 bytes, and a message of 300 holds one: every span queued is a full batch. */
  final DeliveryPipeline pending = new DeliveryPipeline(100, 1_000_000, Encoding.JSON, 300, TimeUnit.HOURS.toNanos(1));
  final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() throws InterruptedException {
    pending.close(System.nanoTime());
    pending.abandon();
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theNextBatchWaitsUntilTheFirstIsEncoded() throws Exception {
    assertThat(pending.offer(span(1), 299)).isNull();
    assertThat(pending.offer(span(2), 299)).isNull();

    CompletableFuture<Thread> firstTaker = new CompletableFuture<>();
    CompletableFuture<Void> firstEncoded = new CompletableFuture<>();
    threads.submit(() -> {
      Batch batch = pending.awaitBatchAndTurn();
      firstTaker.complete(batch != null && batch.size() == 1 ? Thread.currentThread() : null);
      firstEncoded.join(); // the test says when this thread is done encoding
      pending.endTurn();
      return null;
    });
    assertThat(firstTaker.get(10, TimeUnit.SECONDS)).isNotNull();

    CompletableFuture<Thread> secondTakerThread = new CompletableFuture<>();
    CompletableFuture<Batch> second = CompletableFuture.supplyAsync(() -> {
      secondTakerThread.complete(Thread.currentThread());
      return pending.awaitBatchAndTurn();
    }, threads);
    Thread secondThread = secondTakerThread.get(10, TimeUnit.SECONDS);
    awaitWaiting(secondThread); // parked in awaitBatchAndTurn although a batch is due
    assertThat(second).isNotDone();

    firstEncoded.complete(null);
    assertThat(second.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);
    assertThat(pending.queuedSpans()).isEqualTo(2); // both in flight: the first is still sending
  }

  @Test
  void aSpanOfferedWhileOneEncodesStillGoesAfterTheSendInterval() throws Exception {
    DeliveryPipeline slow = new DeliveryPipeline(100, 1_000_000, Encoding.JSON, 500_000, TimeUnit.MILLISECONDS.toNanos(100));
    try {
      assertThat(slow.offer(span(1), 200)).isNull();
      CompletableFuture<Void> firstEncoded = new CompletableFuture<>();
      CompletableFuture<Batch> first = new CompletableFuture<>();
      threads.submit(() -> {
        first.complete(slow.awaitBatchAndTurn()); // a partial batch, once the send interval passed
        firstEncoded.join();
        slow.endTurn();
        return null; // and it keeps "sending" for the rest of the test: this thread never comes back
      });
      assertThat(first.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);

      CompletableFuture<Thread> secondThread = new CompletableFuture<>();
      CompletableFuture<Batch> second = CompletableFuture.supplyAsync(() -> {
        secondThread.complete(Thread.currentThread());
        return slow.awaitBatchAndTurn(); // the queue is empty: it waits without a timeout
      }, threads);
      awaitWaiting(secondThread.get(10, TimeUnit.SECONDS));

      assertThat(slow.offer(span(2), 200)).isNull(); // while the first thread encodes
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
