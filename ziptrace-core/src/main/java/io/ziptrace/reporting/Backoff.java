package io.ziptrace.reporting;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long to wait before retrying a batch: exponential from 50 ms, at most 5 s; a wait the
 * collector asked for is honoured up to 30 s, so that a misbehaving collector cannot park the
 * reporter for hours while its queue fills.
 */
final class Backoff {
  static final long BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final Duration RETRY_AFTER_MAX = Duration.ofSeconds(30);

  private Backoff() {}

  /**
   * The wait after {@code failedAttempts} failures (1 or more) of the same batch.
   *
   * @param retryAfter the wait the collector asked for after the last failure, or null
   */
  static long nanosBefore(int failedAttempts, Duration retryAfter) {
    if (retryAfter != null) {
      // compared as Durations: toNanos() overflows for a collector asking for centuries
      return retryAfter.compareTo(RETRY_AFTER_MAX) > 0 ? RETRY_AFTER_MAX.toNanos() : Math.max(0, retryAfter.toNanos());
    }
    int doublings = Math.min(Math.max(failedAttempts, 1) - 1, 20); // 50 ms << 20 is already past the max
    return Math.min(MAX_NANOS, BASE_NANOS << doublings);
  }
}
