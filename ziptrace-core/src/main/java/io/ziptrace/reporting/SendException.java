package io.ziptrace.reporting;

import java.io.IOException;
import java.time.Duration;

/** A collector's error answer to a message, classified so the reporter knows what to do. */
public final class SendException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final transient Duration retryAfter;

  /**
   * @param statusCode the collector's status code, e.g. 503
   * @param retryAfter how long the collector asked us to wait, or {@code null}
   * @param message what the collector answered, for the log
   */
  public SendException(int statusCode, Duration retryAfter, String message) {
    super(message);
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  /** The collector's status code. */
  public int statusCode() {
    return statusCode;
  }

  /** How long the collector asked us to wait before retrying, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether the same message may succeed later: 408, 429 and 5xx. */
  public boolean isRetryable() {
    return statusCode == 408 || statusCode == 429 || statusCode >= 500;
  }

  /** Whether the collector refused the message's content or size (400, 413): worth splitting. */
  public boolean isSplittable() {
    return statusCode == 400 || statusCode == 413;
  }
}
