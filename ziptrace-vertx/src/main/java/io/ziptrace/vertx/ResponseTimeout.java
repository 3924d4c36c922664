package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.ziptrace.internal.Phrases;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds how long a request Vert.x received (an HTTP request, an event-bus request awaiting its
 * reply) may hold its span: a Vert.x timer per request, cancelled when the call ends, finishes
 * the span with an {@code error} saying it was not answered in time. Only a span that records
 * gets one: the callers leave unsampled calls unwatched. The timers live on the
 * Vert.x event loops (no thread of their own) and only as long as Vert.x holds the request, so
 * they are as many as the requests in flight. Expired spans are counted and logged.
 */
final class ResponseTimeout {
  private static final System.Logger LOG = System.getLogger(VertxTracing.class.getName());

  private final Duration timeout;
  private final long timeoutMillis; // 0 when off; else at least 1, as a Vert.x timer needs
  private final LongAdder timedOut = new LongAdder();

  /** @param timeout how long a call may last; zero turns the timeout off */
  ResponseTimeout(Duration timeout) {
    this.timeout = timeout;
    this.timeoutMillis = timeout.isZero() ? 0 : Math.max(1, timeout.toMillis());
  }

  /**
   * Returns {@code call}, ended with a timeout error if it has not ended after the timeout; or
   * {@code call} itself when the timeout is off or no timer can be set.
   *
   * @param missing what did not come in time, for the error: {@code response not completed},
   *     {@code no reply}
   */
  TracedCall watch(Context context, TracedCall call, String missing) {
    return watch(context, call, missing, null);
  }

  /**
   * As {@link #watch(Context, TracedCall, String)}, but allowing the call {@code allowed} when
   * that is longer than the timeout: a gRPC call's own deadline, say.
   *
   * @param allowed how long the call itself says it may last, or {@code null}
   */
  TracedCall watch(Context context, TracedCall call, String missing, Duration allowed) {
    if (timeoutMillis == 0 || context == null) return call;
    Duration limit = allowed != null && allowed.compareTo(timeout) > 0 ? allowed : timeout;
    long limitMillis = limit == timeout ? timeoutMillis : limit.toMillis();
    AwaitedCall awaited = new AwaitedCall(call, context.owner());
    try {
      awaited.timer(context.owner().setTimer(limitMillis, ignored -> expire(awaited, missing, limit)));
    } catch (RuntimeException e) { // a Vert.x instance closing: the call still ends as Vert.x ends it
      return call;
    }
    return awaited;
  }

  private void expire(AwaitedCall call, String missing, Duration limit) {
    if (!call.claimForTimeout()) return;
    String message = missing + " within " + Phrases.duration(limit);
    timedOut.increment();
    long count = timedOut.sum();
    if (Long.bitCount(count) == 1) { // 1, 2, 4, 8...: a trickle of lines however many expire
      LOG.log(Level.WARNING, "a span was finished with an error: " + message + " (" + count + " so far): does a"
          + " handler never respond or reply?");
    }
    call.endTimedOut(new TimeoutException(message));
  }

  /** How many spans were finished because their calls did not end in time. */
  long timedOut() {
    return timedOut.sum();
  }
}
