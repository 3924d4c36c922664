package io.ziptrace.reporting;

/** Why the reporter dropped a span instead of delivering it. */
public enum DropReason {
  /** The queue was at its span or byte limit when the span was reported. */
  QUEUE_FULL,
  /**
   * The span alone is larger than the sender's message size limit or the queue's byte limit, or
   * the collector refused it, alone, for its size ({@link SendException#tooLarge}).
   */
  TOO_LARGE,
  /**
   * Sending failed after every retry (collector unreachable, or asking again and again to retry
   * later), or the sender failed unexpectedly, or the reporter could not start its sending thread.
   */
  SEND_FAILED,
  /** The span could not be encoded, or the collector refused it ({@link SendException#reject}, or a split down to it). */
  REJECTED,
  /** The span was reported after close(), or was still queued or being sent when close() timed out. */
  CLOSED
}
