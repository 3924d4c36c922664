package io.ziptrace.micrometer;

/**
 * Hands the {@code Throwable} of a span ending on this thread to the exporting reporter, which
 * ziptrace calls synchronously from inside {@code Span.finish()}: ziptrace's finished spans keep
 * the error tag only, Micrometer's {@code FinishedSpan.getError()} wants the exception. Set only
 * while such a span finishes, then removed: nothing stays on the thread.
 */
final class PendingError {
  private static final ThreadLocal<PendingError> FINISHING = new ThreadLocal<>();

  private final io.ziptrace.TraceContext context;
  private final Throwable error;

  private PendingError(io.ziptrace.TraceContext context, Throwable error) {
    this.context = context;
    this.error = error;
  }

  /** Finishes {@code state}'s span (at {@code epochMicros}, or now when 0) with its error at hand. */
  static void finish(SpanState state, long epochMicros) {
    Throwable error = state.error();
    if (error == null) {
      finish(state.span, epochMicros);
      return;
    }
    FINISHING.set(new PendingError(state.span.context(), error));
    try {
      finish(state.span, epochMicros);
    } finally {
      FINISHING.remove();
    }
  }

  private static void finish(io.ziptrace.Span span, long epochMicros) {
    if (epochMicros == 0L) {
      span.finish();
    } else {
      span.finish(epochMicros);
    }
  }

  /** The error of the span with {@code context} finishing on this thread, or null. */
  static Throwable of(io.ziptrace.TraceContext context) {
    PendingError pending = FINISHING.get();
    return pending != null && pending.context.equals(context) ? pending.error : null;
  }
}
