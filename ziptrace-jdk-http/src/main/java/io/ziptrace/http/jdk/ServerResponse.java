package io.ziptrace.http.jdk;

import io.ziptrace.Span;
import io.ziptrace.http.HttpResponseInfo;
import io.ziptrace.http.HttpServerTracing;
import java.util.function.IntSupplier;

/**
 * The SERVER span of one exchange and when it ends: once, when the response is complete, which
 * may be long after the handler returned (an async handler responds from another thread).
 *
 * <p>While the handler runs, a completed response only marks the span done: the handler may
 * still throw, and the span should carry that error. When the handler has returned, completing
 * the response finishes the span at once. Thread-safe.
 */
final class ServerResponse {
  private final Span span;
  private final ExchangeRequest request;
  private final HttpServerTracing tracing;
  private final IntSupplier statusCode;
  private final PendingResponses pending;
  private final long startNanos = System.nanoTime();
  private final RequestSpan requestSpan;
  private volatile Throwable recordedError; // by the handler, through the request span

  // Guarded by this.
  private boolean handlerReturned;
  private boolean responseComplete;
  private boolean finished;

  ServerResponse(Span span, ExchangeRequest request, HttpServerTracing tracing, IntSupplier statusCode,
      PendingResponses pending) {
    this.span = span;
    this.request = request;
    this.tracing = tracing;
    this.statusCode = statusCode;
    this.pending = pending;
    this.requestSpan = new RequestSpan(span, error -> recordedError = error);
  }

  /** The span handlers see: errors they record on it are kept for the end of the response. */
  Span span() {
    return requestSpan;
  }

  long startNanos() {
    return startNanos;
  }

  /** The client has the whole response (or the exchange was closed without one). */
  void responseComplete() {
    synchronized (this) {
      responseComplete = true;
      if (!handlerReturned || finished) return;
      finished = true;
    }
    finish(null);
  }

  /**
   * Closing the body failed. Before the headers were sent that is a handler's mistake and the
   * response may still come; after, the response is over (cut short).
   */
  void bodyCloseFailed() {
    if (statusCode.getAsInt() > 0) responseComplete();
  }

  /**
   * The handler returned, normally ({@code error} null) or by throwing. Returns true when the
   * span is finished now, false when the response is still to come.
   */
  boolean handlerReturned(Throwable error) {
    synchronized (this) {
      handlerReturned = true;
      if (finished) return true;
      if (!responseComplete && error == null) return false;
      finished = true;
    }
    finish(error);
    return true;
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /** Drops the span unreported, when it cannot be tracked; false if it was finished already. */
  boolean drop() {
    if (!markFinished()) return false;
    span.abandon();
    pending.remove(this);
    return true;
  }

  /** Finishes the span with {@code error} when the response never completed; false if it did. */
  boolean expire(Throwable error) {
    if (!markFinished()) return false;
    finish(error);
    return true;
  }

  private synchronized boolean markFinished() {
    if (finished) return false;
    finished = true;
    return true;
  }

  private void finish(Throwable error) {
    Throwable failure = error != null ? error : recordedError;
    pending.remove(this); // before reporting, so whoever sees the span sees it no longer awaited
    tracing.finish(span, HttpResponseInfo.of(request, statusCode.getAsInt(), failure));
  }
}
