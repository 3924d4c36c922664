package io.ziptrace.benchmarks;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.Sender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Sender} that delegates to another and records every POST it makes: when it started and
 * ended, how many spans and bytes it carried and how it ended, and how many are in flight now. It
 * shows, beside the reporter's queue, whether spans wait because the transport is slow or because
 * nothing is sending.
 */
final class RecordingSender implements Sender {
  /** One call to {@link Sender#send(byte[], int, int)}: times from {@link System#nanoTime()}. */
  record Post(long startNanos, long endNanos, int spans, int bytes, String outcome) {
    boolean succeeded() {
      return outcome.equals("ok");
    }

    long latencyNanos() {
      return endNanos - startNanos;
    }
  }

  private final Sender delegate;
  private final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  RecordingSender(Sender delegate) {
    this.delegate = delegate;
  }

  @Override
  public Encoding encoding() {
    return delegate.encoding();
  }

  @Override
  public int messageMaxBytes() {
    return delegate.messageMaxBytes();
  }

  @Override
  public String destination() {
    return delegate.destination();
  }

  @Override
  public void send(byte[] message, int spanCount) throws IOException {
    send(message, message.length, spanCount);
  }

  @Override
  public void send(byte[] buffer, int length, int spanCount) throws IOException {
    inFlight.incrementAndGet();
    long start = System.nanoTime();
    String outcome = "ok";
    try {
      delegate.send(buffer, length, spanCount);
    } catch (IOException | RuntimeException | Error e) {
      outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
      throw e;
    } finally {
      posts.add(new Post(start, System.nanoTime(), spanCount, length, outcome));
      inFlight.decrementAndGet();
    }
  }

  /** Sends running now. */
  int inFlight() {
    return inFlight.get();
  }

  /** Every POST so far, in the order they ended. */
  List<Post> posts() {
    return new ArrayList<>(posts);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
