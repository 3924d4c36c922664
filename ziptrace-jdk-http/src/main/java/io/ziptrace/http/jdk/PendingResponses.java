package io.ziptrace.http.jdk;

import io.ziptrace.internal.Phrases;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The responses still to come after their handlers returned (async handlers), bounded in number
 * and in age, so that a handler that never responds cannot hold spans and exchanges forever.
 * A response older than the timeout has its span finished with an {@code error} saying so; a
 * response beyond the limit is not traced to its end (its span is dropped). Both are counted.
 * The sweep for old responses runs on incoming requests, at most once a second, so there is no
 * background thread.
 */
final class PendingResponses {
  private static final System.Logger LOG = System.getLogger(TracingFilter.class.getName());
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final Duration timeout;
  private final int maxPending;
  private final Set<ServerResponse> pending = ConcurrentHashMap.newKeySet();
  /** How many are in {@link #pending}, reserved before adding so that the limit holds under concurrency. */
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder overLimit = new LongAdder();

  PendingResponses(Duration timeout, int maxPending) {
    this.timeout = timeout;
    this.maxPending = maxPending;
  }

  /** Tracks a response whose handler returned before it completed. */
  void add(ServerResponse response) {
    long now = System.nanoTime();
    sweepIfDue(now);
    if (!reserve()) {
      sweep(now);
      if (!reserve()) {
        if (response.drop()) overLimit.increment();
        return;
      }
    }
    pending.add(response);
    if (response.isFinished()) remove(response); // completed before it was added
  }

  /** Called when a tracked response finished. */
  void remove(ServerResponse response) {
    if (pending.remove(response)) size.decrementAndGet();
  }

  private boolean reserve() {
    while (true) {
      int current = size.get();
      if (current >= maxPending) return false;
      if (size.compareAndSet(current, current + 1)) return true;
    }
  }

  /** Runs a sweep if a second has passed since the last; called on every request. */
  void sweepIfDue(long now) {
    long due = nextSweepNanos.get();
    if (now - due >= 0 && nextSweepNanos.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) sweep(now);
  }

  int size() {
    return size.get();
  }

  long timedOut() {
    return timedOut.sum();
  }

  long overLimit() {
    return overLimit.sum();
  }

  private void sweep(long now) {
    long timeoutNanos = timeout.toNanos();
    int expired = 0;
    for (ServerResponse response : pending) {
      if (response.isFinished()) {
        remove(response);
      } else if (now - response.startNanos() >= timeoutNanos) {
        remove(response);
        if (response.expire(new TimeoutException("response not completed within " + Phrases.duration(timeout)))) {
          expired++;
        }
      }
    }
    if (expired > 0) {
      timedOut.add(expired);
      LOG.log(Level.WARNING, expired + " server spans were finished with an error because their responses did not"
          + " complete within " + Phrases.duration(timeout) + " (" + timedOut.sum() + " so far): does a handler"
          + " never respond or close its exchange?");
    }
  }
}
