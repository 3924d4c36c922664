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

  /** Ends the call with {@code timeout} unless it already ended; true when this ended it. */
  boolean expire(Throwable timeout) {
    if (!ended.compareAndSet(false, true)) return false;
    call.end(null, VertxTags.of(null, null), timeout);
    return true;
  }
}
