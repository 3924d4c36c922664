package io.ziptrace.reporting;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A collector's refusal of a message, expressed as what the reporter should do about it, so
 * that any transport can map its own error answers (HTTP status codes, broker error codes...)
 * onto the same few decisions. Create one with the factory that says what to do:
 *
 * <ul>
 *   <li>{@link #retryLater} the same message may succeed later (the collector is overloaded or
 *       briefly unavailable): retried with backoff, honouring the collector's hint if it gave one;
 *   <li>{@link #splitBatch} the collector refused something inside the message: the batch is
 *       split in halves until the span it refuses is isolated and dropped;
 *   <li>{@link #tooLarge} the message is too large: split likewise, and a single span refused for
 *       its size is counted as {@link DropReason#TOO_LARGE};
 *   <li>{@link #reject} the collector will never accept this batch: it is dropped at once.
 * </ul>
 *
 * <p>A plain {@link IOException} from {@link Sender#send} means the collector could not be
 * reached (retried); this class is for when it answered.
 */
public final class SendException extends IOException {
  private static final long serialVersionUID = 2L;

  /** What the reporter does with a batch the collector refused. */
  public enum Decision {
    /** Send the same batch again after a backoff, until the reporter's retry timeout runs out. */
    RETRY,
    /** Send each half of the batch separately, to isolate the span the collector refuses. */
    SPLIT,
    /** Drop the batch without retrying. */
    REJECT
  }

  private final Decision decision;
  private final boolean tooLarge;
  private final Duration retryAfter;

  private SendException(Decision decision, boolean tooLarge, Duration retryAfter, String message) {
    super(message);
    this.decision = decision;
    this.tooLarge = tooLarge;
    this.retryAfter = retryAfter;
  }

  /**
   * The collector cannot take the message now but may later; the reporter chooses the backoff.
   *
   * @param message what the collector answered, for the log
   */
  public static SendException retryLater(String message) {
    return new SendException(Decision.RETRY, false, null, message);
  }

  /**
   * The collector cannot take the message now and asked to be retried after {@code retryAfter}
   * (the reporter caps how long it waits).
   *
   * @param message what the collector answered, for the log
   * @param retryAfter how long the collector asked to wait; not negative
   */
  public static SendException retryLater(String message, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter must not be negative");
    return new SendException(Decision.RETRY, false, retryAfter, message);
  }

  /**
   * The collector refused the message's content, probably because of one span in it: worth
   * splitting the batch to deliver the others.
   *
   * @param message what the collector answered, for the log
   */
  public static SendException splitBatch(String message) {
    return new SendException(Decision.SPLIT, false, null, message);
  }

  /**
   * The collector refused the message for its size: the batch is split, and a span refused on
   * its own is dropped as {@link DropReason#TOO_LARGE}.
   *
   * @param message what the collector answered, for the log
   */
  public static SendException tooLarge(String message) {
    return new SendException(Decision.SPLIT, true, null, message);
  }

  /**
   * The collector refused the message in a way that neither retrying nor splitting can fix
   * (e.g. it denies access): the batch is dropped as {@link DropReason#REJECTED}.
   *
   * @param message what the collector answered, for the log
   */
  public static SendException reject(String message) {
    return new SendException(Decision.REJECT, false, null, message);
  }

  /** What the reporter should do with the batch. */
  public Decision decision() {
    return decision;
  }

  /** Whether the collector refused the message for its size rather than its content. */
  public boolean isTooLarge() {
    return tooLarge;
  }

  /** How long the collector asked to wait before a retry, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
