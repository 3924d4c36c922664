package io.ziptrace.reporting;

import io.ziptrace.encoding.Encoding;
import java.io.IOException;

/**
 * Delivers encoded span lists to a collector: the transport SPI of {@link AsyncReporter}. One
 * flusher thread calls {@link #send}; implementations need not be thread-safe beyond that and
 * {@link #close()} being called from another thread.
 */
public interface Sender extends AutoCloseable {
  /** The encoding of the messages this sender accepts. */
  Encoding encoding();

  /** The largest message, in bytes, the collector accepts; batches are cut to fit. */
  int messageMaxBytes();

  /**
   * Sends one encoded list of spans, blocking until the collector accepted it.
   *
   * @throws SendException when the collector answered with an error
   * @throws IOException when the collector could not be reached or timed out (retried)
   */
  void send(byte[] message) throws IOException;

  /** Releases the sender's resources. Idempotent. */
  @Override
  void close();
}
