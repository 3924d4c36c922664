package io.ziptrace;

/**
 * Where finished spans go. Implementations must never block the caller of {@link #report} for
 * long and must never throw from it: it runs on the application's request path.
 */
public interface Reporter extends AutoCloseable {
  /** A reporter that discards every span. */
  Reporter NOOP = new Reporter() {
    @Override
    public void report(FinishedSpan span) {}

    @Override
    public String toString() {
      return "Reporter.NOOP";
    }
  };

  /** Accepts a finished span for delivery. Never throws; may drop (and count) under pressure. */
  void report(FinishedSpan span);

  /** Sends whatever is queued now, if this reporter queues. The default does nothing. */
  default void flush() {}

  /**
   * Stops accepting spans and delivers what was already reported, bounded in time. Idempotent;
   * never throws. The default does nothing.
   */
  @Override
  default void close() {}
}
