package io.ziptrace.vertx;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call whose end is awaited with a timer ({@link ResponseTimeout}): whichever comes first, the
 * call's own end or the timer, finishes its span; the other does nothing. The timer is cancelled
 * when the call ends first.
 */
final class AwaitedCall implements TracedCall {
  private final TracedCall call;
  private final Vertx vertx;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long timer = -1;

  AwaitedCall(TracedCall call, Vertx vertx) {
    this.call = call;
    this.vertx = vertx;
  }

  void timer(long timer) {
    this.timer = timer;
    if (ended.get()) vertx.cancelTimer(timer); // ended before the timer was known
  }

  @Override
  public void end(Object response, VertxTags responseTags, Throwable failure) {
    if (!ended.compareAndSet(false, true)) return;
    long id = timer;
    if (id != -1) vertx.cancelTimer(id);
    call.end(response, responseTags, failure);
  }

  /**
   * Claims the call's end for the timer: true unless the call already ended, and then {@link
   * #endTimedOut} must follow (separate, so that the timeout is counted before the span is seen).
   */
  boolean claimForTimeout() {
    return ended.compareAndSet(false, true);
  }

  /** Ends a call claimed by {@link #claimForTimeout} with {@code timeout} as its failure. */
  void endTimedOut(Throwable timeout) {
    call.end(null, VertxTags.of(null, null), timeout);
  }
}
