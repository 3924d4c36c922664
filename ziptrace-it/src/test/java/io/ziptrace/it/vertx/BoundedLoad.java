package io.ziptrace.it.vertx;

import io.vertx.core.Future;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Makes {@code count} asynchronous calls, at most {@code maxInFlight} at a time. */
final class BoundedLoad {
  private final int count;
  private final IntFunction<Future<?>> call;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private BoundedLoad(int count, IntFunction<Future<?>> call) {
    this.count = count;
    this.call = call;
  }

  /**
   * Makes call {@code 0} to {@code count - 1}, each started when an earlier one completes, and
   * returns how the failed ones failed; fails if they do not all complete within {@code timeoutSeconds}.
   */
  static List<String> run(int count, int maxInFlight, long timeoutSeconds, IntFunction<Future<?>> call) throws Exception {
    BoundedLoad load = new BoundedLoad(count, call);
    for (int i = 0; i < Math.min(count, maxInFlight); i++) load.startNext();
    load.done.get(timeoutSeconds, TimeUnit.SECONDS);
    return List.copyOf(load.failures);
  }

  private void startNext() {
    int i = next.getAndIncrement();
    if (i >= count) return;
    call.apply(i).onComplete(result -> {
      if (result.failed()) failures.add("call " + i + ": " + result.cause());
      if (completed.incrementAndGet() == count) done.complete(null);
      else startNext();
    });
  }
}
