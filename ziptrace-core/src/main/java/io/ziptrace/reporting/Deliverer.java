package io.ziptrace.reporting;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import io.ziptrace.internal.Phrases;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch into messages and sends them: {@link #measure} measures its spans exactly (the
 * queue counted them by a lower-bound estimate, on the application's thread) and cuts it into
 * messages within the size limit, {@link #encode} writes one into a {@link MessageBuffer} (both
 * giving the processor up between chunks of spans, see {@link GivingWay}), and
 * {@link #send} sends it, retrying with {@link Backoff}, splitting it when the collector asks,
 * and settles every span as sent or dropped for a reason, logging each drop through the
 * rate-limited log. A message the collector cannot take yet is retried for a time budget from
 * its first failure, not a number of tries, so that the outage it rides out does not depend on
 * how long each failed attempt took. Which thread calls which step is {@link DeliveryPipeline}'s
 * business; this class holds no lock and keeps no state between calls.
 */
final class Deliverer {
  /** Past this, a retry timeout is as good as endless, and its nanoseconds still add up without overflow. */
  private static final Duration MAX_RETRY_TIMEOUT = Duration.ofDays(365);

  /** What delivery needs from the scheduling around it. */
  interface Outcomes {
    /** The spans of {@code batch} are done; {@code count} updates the metrics, unless close() counted them already. */
    void settle(Batch batch, Runnable count);

    /** Waits {@code nanos} before a retry, less when closing; false when the retry should not happen. */
    boolean awaitRetry(long nanos);

    /** Whether the reporter is closing, which ends retries at the close deadline rather than the retry timeout. */
    boolean isClosed();
  }

  /** Spans to go out in one message, and the exact length of their encoded list. */
  record Message(Batch batch, int length) {}

  private final Sender sender;
  private final SpanEncoder encoder;
  private final int messageMaxBytes;
  private final Duration retryTimeout;
  private final long retryTimeoutNanos;
  private final Outcomes outcomes;
  private final ReporterMetrics metrics;
  private final ReporterLog log;

  /** {@code retryTimeout}: how long a message is retried after its first failed send before it is given up. */
  Deliverer(Sender sender, int messageMaxBytes, Duration retryTimeout, Outcomes outcomes, ReporterMetrics metrics,
      ReporterLog log) {
    this.sender = sender;
    this.encoder = SpanEncoder.of(sender.encoding());
    this.messageMaxBytes = messageMaxBytes;
    this.retryTimeout = retryTimeout;
    this.retryTimeoutNanos = retryTimeout.compareTo(MAX_RETRY_TIMEOUT) > 0 ? MAX_RETRY_TIMEOUT.toNanos() : retryTimeout.toNanos();
    this.outcomes = outcomes;
    this.metrics = metrics;
    this.log = log;
  }

  /** Measures, encodes and sends {@code batch} on the calling thread, into {@code buffer}. */
  void deliver(Batch batch, MessageBuffer buffer) {
    for (Message message : measure(batch)) {
      byte[] bytes = encode(message, buffer);
      if (bytes != null) send(message, bytes, buffer);
    }
  }

  /**
   * Measures each span exactly and cuts the batch into messages within the size limit, usually
   * one. A span over the limit once measured, or one that cannot be measured, is dropped here.
   */
  List<Message> measure(Batch batch) {
    int[] sizes = new int[batch.size()];
    try {
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = encoder.sizeInBytes(batch.spans().get(i));
        GivingWay.afterSpan(i);
      }
    } catch (RuntimeException | Error e) { // as in send: the calling thread must outlive whatever went wrong
      couldNotEncode(batch, e);
      return List.of();
    }
    Encoding encoding = sender.encoding();
    List<Message> messages = new ArrayList<>(1);
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < sizes.length; i++) {
      if (i > from && encoding.listSizeInBytes(i - from + 1, bytes + sizes[i]) > messageMaxBytes) {
        messages.add(new Message(batch.slice(from, i), encoding.listSizeInBytes(i - from, bytes)));
        from = i;
        bytes = 0;
      }
      if (encoding.listSizeInBytes(1, sizes[i]) > messageMaxBytes) { // the estimate at report time was under the limit
        drop(batch.slice(i, i + 1), DropReason.TOO_LARGE, "dropped 1 span for " + log.destination() + ": its "
            + sizes[i] + " bytes exceed the message limit of " + messageMaxBytes + " bytes");
        from = i + 1;
        continue;
      }
      bytes += sizes[i];
    }
    if (from < sizes.length) messages.add(new Message(batch.slice(from, sizes.length), encoding.listSizeInBytes(sizes.length - from, bytes)));
    return messages;
  }

  /**
   * Writes the message's spans at the start of an array from {@code buffer}.
   *
   * @return the array, or null when the spans could not be encoded (then dropped and counted)
   */
  byte[] encode(Message message, MessageBuffer buffer) {
    try {
      byte[] array = buffer.atLeast(message.length());
      int end = GivingWay.writeList(encoder, message.batch().spans(), array);
      if (end != message.length()) throw new IllegalStateException("wrote " + end + " bytes of " + message.length());
      return array;
    } catch (RuntimeException | Error e) {
      couldNotEncode(message.batch(), e);
      return null;
    }
  }

  /**
   * Sends an encoded message ({@code bytes}, from {@code buffer}), retrying and splitting as
   * needed, and returns once every span in it is settled. A split encodes the halves again, into
   * {@code buffer}, on the calling thread.
   */
  void send(Message message, byte[] bytes, MessageBuffer buffer) {
    Batch batch = message.batch();
    int length = message.length();
    long firstFailureNanos = 0;
    String previousFailure = null;
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      String failure;
      try {
        sender.send(bytes, length, batch.size());
        outcomes.settle(batch, () -> metrics.sent(batch.size(), length));
        log.delivered();
        return;
      } catch (SendException e) {
        failed(buffer);
        if (e.decision() == SendException.Decision.SPLIT) {
          split(batch, e, buffer);
          return;
        }
        if (e.decision() == SendException.Decision.REJECT) {
          drop(batch, DropReason.REJECTED, "dropped " + spans(batch) + " refused by " + log.destination() + ": " + e.getMessage());
          return;
        }
        failure = e.getMessage();
        retryAfter = e.retryAfter().orElse(null);
      } catch (IOException e) {
        failed(buffer);
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
      } catch (RuntimeException | Error e) {
        // A bug in the sender, not a state that retrying fixes. Errors too (a class missing from
        // the sender's transport library, say): rethrown, one would end this thread, and with it
        // all reporting, with nothing but a stack trace on stderr.
        failed(buffer);
        giveUp(batch, attempt, 0, "the sender failed: " + e);
        return;
      }
      if (Thread.currentThread().isInterrupted()) { // close() timed out and aborted the send: not the collector's doing
        drop(batch, DropReason.CLOSED, "gave up sending " + spans(batch) + " to " + log.destination()
            + " at close: close() timed out while they were being sent"
            + (previousFailure == null ? "" : ", after an attempt that failed: " + previousFailure));
        return;
      }
      previousFailure = failure;
      long now = System.nanoTime();
      if (attempt == 1) firstFailureNanos = now;
      long budgetLeft = retryTimeoutNanos - (now - firstFailureNanos);
      if (budgetLeft <= 0) {
        giveUp(batch, attempt, now - firstFailureNanos, failure);
        return;
      }
      retrying(failure);
      // The last wait ends when the budget does, so the last attempt is made at its end.
      if (!outcomes.awaitRetry(Math.min(budgetLeft, Backoff.nanosBefore(attempt, retryAfter)))) {
        drop(batch, DropReason.CLOSED, "gave up sending " + spans(batch) + " to " + log.destination()
            + " at close, while retrying after: " + failure);
        return;
      }
    }
  }

  /** A send failed: retries resend the same bytes, so the next message gets a new array. */
  private void failed(MessageBuffer buffer) {
    buffer.abandon();
    metrics.sendError();
  }

  /** Halves the batch until the span the collector refuses is alone, then drops it. */
  private void split(Batch batch, SendException e, MessageBuffer buffer) {
    if (batch.size() == 1) {
      String as = e.isTooLarge() ? " as too large: " : ": ";
      drop(batch, e.isTooLarge() ? DropReason.TOO_LARGE : DropReason.REJECTED,
          "dropped 1 span refused by " + log.destination() + as + e.getMessage());
      return;
    }
    deliver(batch.firstHalf(), buffer);
    deliver(batch.secondHalf(), buffer);
  }

  private void couldNotEncode(Batch batch, Throwable e) {
    drop(batch, DropReason.REJECTED, "dropped " + spans(batch) + " for " + log.destination() + ": could not encode them: " + e);
  }

  private void retrying(String cause) {
    if (Thread.currentThread().isInterrupted()) return; // close() is giving up: that is logged as such
    log.retrying(() -> "cannot send spans to " + log.destination() + " yet: " + cause + (outcomes.isClosed()
        ? "; retrying until close() times out" // its deadline, not the retry timeout, ends the retries now
        : "; retrying each batch for up to " + Phrases.duration(retryTimeout) + ", while spans wait in the queue"));
  }

  private void giveUp(Batch batch, int attempts, long retriedNanos, String cause) {
    String tried = attempts == 1 ? "1 attempt" : attempts + " attempts over " + Phrases.duration(Duration.ofNanos(retriedNanos));
    drop(batch, DropReason.SEND_FAILED, "gave up sending " + spans(batch) + " to " + log.destination() + ": " + cause
        + " (" + tried + ")");
  }

  private void drop(Batch batch, DropReason reason, String why) {
    outcomes.settle(batch, () -> metrics.dropped(reason, batch.size()));
    log.dropped(reason, batch.size(), () -> why);
  }

  private static String spans(Batch batch) {
    return Phrases.count(batch.size(), "span");
  }
}
