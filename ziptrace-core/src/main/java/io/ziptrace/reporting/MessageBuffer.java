package io.ziptrace.reporting;

/**
 * The array one reporter thread encodes its messages into, kept from batch to batch so that a
 * busy reporter does not allocate (and zero) a message-sized array per send. Not thread-safe:
 * each reporter thread owns one.
 *
 * <p>An array is written again only after the sender returned normally from sending it: a sender
 * that threw may still be reading it (a timed-out HTTP request), so {@link #abandon()} leaves
 * it to the sender and the next message gets a new array.
 */
final class MessageBuffer {
  private final int maxBytes;
  private byte[] array;

  /** @param maxBytes the largest message: the array never grows beyond it */
  MessageBuffer(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** An array of at least {@code size} bytes, the kept one when it is large enough. */
  byte[] atLeast(int size) {
    byte[] current = array;
    if (current != null && current.length >= size) return current;
    // Doubling, capped at the largest message, so that batches growing with the load reallocate
    // a few times rather than once per batch.
    int grown = current == null ? size : Math.max(size, Math.min(maxBytes, current.length * 2));
    return array = new byte[grown];
  }

  /** Forgets the current array, which a failed send may still be reading. */
  void abandon() {
    array = null;
  }
}
