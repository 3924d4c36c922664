package io.ziptrace.reporting;

/** Why the reporter dropped a span instead of delivering it. */
public enum DropReason {
  /** The queue was at its span or byte limit when the span was reported. */
  QUEUE_FULL,
  /** The span alone is larger than the sender's message size limit, or the collector said 413 for it alone. */
  TOO_LARGE,
  /** Sending failed after every retry (collector down, timing out or answering 5xx/429). */
  SEND_FAILED,
  /** The collector refused the span (a 4xx answer other than 408/429). */
  REJECTED,
  /** The span was reported after close(), or still queued when close() timed out. */
  CLOSED
}
