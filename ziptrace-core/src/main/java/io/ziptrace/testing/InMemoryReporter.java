package io.ziptrace.testing;

import io.ziptrace.Reporter;
import io.ziptrace.FinishedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps finished spans in memory, for tests: yours and ours. Thread-safe.
 *
 * <pre>{@code
 * InMemoryReporter spans = new InMemoryReporter();
 * Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("svc")).reporter(spans).build();
 * ... exercise code ...
 * assertThat(spans.awaitCount(2, Duration.ofSeconds(5))).hasSize(2);
 * }</pre>
 */
public final class InMemoryReporter implements Reporter {
  private final List<FinishedSpan> spans = new ArrayList<>();
  private boolean closed;

  /** Creates an empty reporter. */
  public InMemoryReporter() {}

  @Override
  public synchronized void report(FinishedSpan span) {
    if (span == null || closed) return;
    spans.add(span);
    notifyAll();
  }

  /** A snapshot of the spans reported so far, in the order they finished. */
  public synchronized List<FinishedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Forgets every span reported so far. */
  public synchronized void clear() {
    spans.clear();
  }

  /**
   * Waits until at least {@code count} spans were reported or the timeout passes, then returns
   * the snapshot (which may be shorter on timeout). Useful when spans finish on other threads.
   */
  public List<FinishedSpan> awaitCount(int count, Duration timeout) throws InterruptedException {
    return await(list -> list.size() >= count, timeout);
  }

  /**
   * Waits until the reported spans satisfy {@code condition} or the timeout passes, then returns
   * the snapshot.
   */
  public synchronized List<FinishedSpan> await(Predicate<List<FinishedSpan>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(spans)) {
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
      if (remainingMillis <= 0) break;
      wait(remainingMillis);
    }
    return List.copyOf(spans);
  }

  /** Stops accepting spans; those already reported stay readable. */
  @Override
  public synchronized void close() {
    closed = true;
  }
}
