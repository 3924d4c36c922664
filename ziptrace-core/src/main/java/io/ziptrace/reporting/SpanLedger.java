package io.ziptrace.reporting;

/**
 * The reporter's account of the spans it accepted: how many were accepted, how many are in
 * flight (taken from the queue and not yet sent or dropped) and with how many bytes, and how
 * many are settled. A flush waits for the settled count to reach the accepted count it saw.
 * Once {@link #abandon} has given up on the spans in flight, a late {@link #settle} counts
 * nothing, so that no span is counted twice. Not thread-safe: its owner guards it.
 */
final class SpanLedger {
  private long accepted;
  private long settled;
  private int inFlightSpans;
  private long inFlightBytes;
  private boolean abandoned;

  /** A span entered the queue; returns true for the first one ever. */
  boolean accepted() {
    return accepted++ == 0;
  }

  /** How many spans were ever accepted: what a flush started now waits for. */
  long acceptedCount() {
    return accepted;
  }

  /** Whether the first {@code count} spans accepted are all settled (or given up). */
  boolean settledUpTo(long count) {
    return settled >= count;
  }

  /** The batch left the queue: its spans and bytes are in flight until settled. */
  void taken(Batch batch) {
    inFlightSpans += batch.size();
    inFlightBytes += batch.spanBytes();
  }

  /**
   * The batch (or a slice of one taken) was sent or dropped.
   *
   * @return false when {@link #abandon} already counted these spans: the caller counts nothing
   */
  boolean settle(Batch batch) {
    if (abandoned) return false;
    inFlightSpans -= batch.size();
    inFlightBytes -= batch.spanBytes();
    settled += batch.size();
    return true;
  }

  /**
   * Gives up on every span not settled; {@code cleared} spans were just removed from the queue.
   *
   * @return how many spans the caller counts as dropped: those cleared, plus those in flight the
   *     first time
   */
  int abandon(int cleared) {
    int lost = cleared;
    if (!abandoned) {
      abandoned = true;
      lost += inFlightSpans;
      inFlightSpans = 0;
      inFlightBytes = 0;
    }
    settled = accepted;
    return lost;
  }

  int inFlightSpans() {
    return inFlightSpans;
  }

  long inFlightBytes() {
    return inFlightBytes;
  }
}
