package io.ziptrace.reporting;

import io.ziptrace.encoding.SpanEncoder;
import java.io.IOException;
import java.time.Duration;

/**
 * Delivers one batch on the flusher thread: encodes it into one exactly sized array, sends it,
 * retries with {@link Backoff}, splits it when the collector asks, and settles every span in it
 * as sent or as dropped for a reason, logging each drop through the rate-limited log.
 */
final class Deliverer {
  private final Sender sender;
  private final SpanEncoder encoder;
  private final int maxAttempts;
  private final PendingSpans pending;
  private final ReporterMetrics metrics;
  private final RateLimitedLog log;

  Deliverer(Sender sender, int maxAttempts, PendingSpans pending, ReporterMetrics metrics, RateLimitedLog log) {
    this.sender = sender;
    this.encoder = SpanEncoder.of(sender.encoding());
    this.maxAttempts = maxAttempts;
    this.pending = pending;
    this.metrics = metrics;
    this.log = log;
  }

  /** Sends {@code batch}, returning once every span in it is settled. */
  void deliver(Batch batch) {
    byte[] message;
    try {
      message = encode(batch);
    } catch (RuntimeException e) {
      drop(batch, DropReason.REJECTED, "could not encode " + batch.size() + " spans: " + e);
      return;
    }
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      try {
        sender.send(message, batch.size());
        pending.settle(batch, () -> metrics.sent(batch.size(), message.length));
        return;
      } catch (SendException e) {
        metrics.sendError();
        switch (e.decision()) {
          case SPLIT:
            split(batch, e);
            return;
          case REJECT:
            drop(batch, DropReason.REJECTED, "the collector refused " + batch.size() + " spans: " + e.getMessage());
            return;
          default: // RETRY
            if (attempt >= maxAttempts) {
              giveUp(batch, attempt, "the collector answered " + e.getMessage());
              return;
            }
            retryAfter = e.retryAfter().orElse(null);
        }
      } catch (IOException e) {
        metrics.sendError();
        if (attempt >= maxAttempts) {
          giveUp(batch, attempt, e.toString());
          return;
        }
      } catch (RuntimeException e) {
        metrics.sendError();
        giveUp(batch, attempt, e.toString()); // a bug in the sender, not a state that retrying fixes
        return;
      }
      if (!pending.awaitRetry(Backoff.nanosBefore(attempt, retryAfter))) {
        drop(batch, DropReason.CLOSED, "dropped " + batch.size() + " spans being retried at close");
        return;
      }
    }
  }

  /** One array sized from the sizes measured at report time: the spans are not measured again. */
  private byte[] encode(Batch batch) {
    byte[] message = new byte[sender.encoding().listSizeInBytes(batch.size(), batch.spanBytes())];
    int end = encoder.writeList(batch.spans(), message, 0);
    if (end != message.length) throw new IllegalStateException("wrote " + end + " bytes of " + message.length);
    return message;
  }

  /** Halves the batch until the span the collector refuses is alone, then drops it. */
  private void split(Batch batch, SendException e) {
    if (batch.size() == 1) {
      drop(batch, e.isTooLarge() ? DropReason.TOO_LARGE : DropReason.REJECTED, "the collector refused a span: " + e.getMessage());
      return;
    }
    deliver(batch.firstHalf());
    deliver(batch.secondHalf());
  }

  private void giveUp(Batch batch, int attempts, String cause) {
    drop(batch, DropReason.SEND_FAILED, "gave up sending " + batch.size() + " spans after " + attempts + " attempts: " + cause);
  }

  private void drop(Batch batch, DropReason reason, String why) {
    pending.settle(batch, () -> metrics.dropped(reason, batch.size()));
    log.warn(why);
  }
}
