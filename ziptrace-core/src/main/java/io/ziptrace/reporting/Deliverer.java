package io.ziptrace.reporting;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import io.ziptrace.internal.Phrases;
import java.io.IOException;
import java.time.Duration;

/**
 * Delivers one batch on a flusher thread: measures its spans exactly (the queue counted them by
 * a lower-bound estimate, on the application's thread), cuts it into messages within the size
 * limit, encodes each into the thread's {@link MessageBuffer}, sends it, retries with {@link
 * Backoff}, splits it when the collector asks, and settles every span as sent or as dropped for a
 * reason, logging each drop through the rate-limited log. A batch the collector cannot take yet is
 * retried for a time budget from its first failure, not a number of tries, so that the outage it
 * rides out does not depend on how long each failed attempt took. Thread-safe: each flusher thread
 * passes its own buffer.
 */
final class Deliverer {
  /** Past this, a retry timeout is as good as endless, and its nanoseconds still add up without overflow. */
  private static final Duration MAX_RETRY_TIMEOUT = Duration.ofDays(365);

  private final Sender sender;
  private final SpanEncoder encoder;
  private final int messageMaxBytes;
  private final Duration retryTimeout;
  private final long retryTimeoutNanos;
  private final PendingSpans pending;
  private final ReporterMetrics metrics;
  private final ReporterLog log;

  /** {@code retryTimeout}: how long a batch is retried after its first failed send before it is given up. */
  Deliverer(Sender sender, int messageMaxBytes, Duration retryTimeout, PendingSpans pending, ReporterMetrics metrics,
      ReporterLog log) {
    this.sender = sender;
    this.encoder = SpanEncoder.of(sender.encoding());
    this.messageMaxBytes = messageMaxBytes;
    this.retryTimeout = retryTimeout;
    this.retryTimeoutNanos = retryTimeout.compareTo(MAX_RETRY_TIMEOUT) > 0 ? MAX_RETRY_TIMEOUT.toNanos() : retryTimeout.toNanos();
    this.pending = pending;
    this.metrics = metrics;
    this.log = log;
  }

  /** Sends {@code batch}, encoded into {@code buffer}, returning once every span in it is settled. */
  void deliver(Batch batch, MessageBuffer buffer) {
    int[] sizes = new int[batch.size()];
    try {
      for (int i = 0; i < sizes.length; i++) sizes[i] = encoder.sizeInBytes(batch.spans().get(i));
    } catch (RuntimeException | Error e) { // as in send: this thread must outlive whatever went wrong
      couldNotEncode(batch, e);
      return;
    }
    Encoding encoding = sender.encoding();
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < sizes.length; i++) {
      if (i > from && encoding.listSizeInBytes(i - from + 1, bytes + sizes[i]) > messageMaxBytes) {
        send(batch.slice(from, i), encoding.listSizeInBytes(i - from, bytes), buffer);
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
    if (from < sizes.length) send(batch.slice(from, sizes.length), encoding.listSizeInBytes(sizes.length - from, bytes), buffer);
  }

  /** Sends one message's worth of spans, {@code length} bytes once encoded, retrying and splitting as needed. */
  private void send(Batch batch, int length, MessageBuffer buffer) {
    byte[] message;
    try {
      message = encode(batch, buffer.atLeast(length), length);
    } catch (RuntimeException | Error e) {
      couldNotEncode(batch, e);
      return;
    }
    pending.encoded(); // the next batch may be encoded while this one is sent
    long firstFailureNanos = 0;
    String previousFailure = null;
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      String failure;
      try {
        sender.send(message, length, batch.size());
        pending.settle(batch, () -> metrics.sent(batch.size(), length));
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
      if (!pending.awaitRetry(Math.min(budgetLeft, Backoff.nanosBefore(attempt, retryAfter)))) {
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

  /** Writes the batch at the start of {@code message}, {@code length} bytes as measured before. */
  private byte[] encode(Batch batch, byte[] message, int length) {
    int end = encoder.writeList(batch.spans(), message, 0);
    if (end != length) throw new IllegalStateException("wrote " + end + " bytes of " + length);
    return message;
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
    log.retrying(() -> "cannot send spans to " + log.destination() + " yet: " + cause + (pending.isClosed()
        ? "; retrying until close() times out" // its deadline, not the retry timeout, ends the retries now
        : "; retrying each batch for up to " + Phrases.duration(retryTimeout) + ", while spans wait in the queue"));
  }

  private void giveUp(Batch batch, int attempts, long retriedNanos, String cause) {
    String tried = attempts == 1 ? "1 attempt" : attempts + " attempts over " + Phrases.duration(Duration.ofNanos(retriedNanos));
    drop(batch, DropReason.SEND_FAILED, "gave up sending " + spans(batch) + " to " + log.destination() + ": " + cause
        + " (" + tried + ")");
  }

  private void drop(Batch batch, DropReason reason, String why) {
    pending.settle(batch, () -> metrics.dropped(reason, batch.size()));
    log.dropped(reason, batch.size(), () -> why);
  }

  private static String spans(Batch batch) {
    return Phrases.count(batch.size(), "span");
  }
}
