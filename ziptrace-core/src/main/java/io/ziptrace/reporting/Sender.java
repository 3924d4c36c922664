package io.ziptrace.reporting;

import io.ziptrace.encoding.Encoding;
import java.io.IOException;

/**
 * Delivers encoded span lists to a collector over some transport: the SPI of {@link
 * AsyncReporter}. The reporter calls {@link #send} from {@link
 * AsyncReporter.Builder#maxConcurrentSends} threads at once (2 by default), so implementations
 * must be thread-safe, or be used with {@code maxConcurrentSends(1)}: then one thread calls
 * {@link #send}, and {@link #close()} may be called from another.
 *
 * <p>A sender reports the outcome of each message in transport-neutral terms: it returns when
 * the collector accepted the message, throws a {@link SendException} saying whether to retry,
 * split or drop the batch when the collector refused it, and throws a plain {@link IOException}
 * when the collector could not be reached.
 */
public interface Sender extends AutoCloseable {
  /** The encoding of the messages this sender accepts. */
  Encoding encoding();

  /** The largest message, in bytes, the collector accepts; batches are cut to fit. */
  int messageMaxBytes();

  /**
   * Where this sender delivers, for the reporter's log lines and close summary, e.g. {@code
   * http://zipkin:9411/api/v2/spans}. It must hold no credentials: no user info, no key in a
   * query string. Default: {@code the collector}.
   */
  default String destination() {
    return "the collector";
  }

  /**
   * Sends one encoded list of spans, blocking until the collector accepted it.
   *
   * @param message a whole list in {@link #encoding()}, at most {@link #messageMaxBytes()} long
   * @param spanCount how many spans the message holds, so that a sender (or a wrapper counting
   *     what goes through it) never has to decode the message to know
   * @throws SendException when the collector refused the message; its {@link
   *     SendException#decision() decision} says whether to retry, split or drop the batch
   * @throws IOException when the collector could not be reached or timed out: retried with
   *     backoff. Any other exception drops the batch without retrying.
   */
  void send(byte[] message, int spanCount) throws IOException;

  /** Releases the sender's resources. Idempotent. */
  @Override
  void close();
}
