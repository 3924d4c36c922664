package io.ziptrace.reporting;

import io.ziptrace.encoding.Encoding;
import java.io.IOException;
import java.util.Arrays;

/**
 * Delivers encoded span lists to a collector over some transport: the SPI of {@link
 * AsyncReporter}. The reporter calls {@link #send} from {@link
 * AsyncReporter.Builder#maxConcurrentSends} threads at once (2 by default), so implementations
 * must be thread-safe, or be used with {@code maxConcurrentSends(1)}: then one thread calls
 * {@link #send}, and {@link #close()} may be called from another, even while a send is running:
 * the reporter's {@code close()} waits its {@code closeTimeout} for the sends in progress,
 * interrupts one still running then and closes the sender at once (an interrupt may not end
 * blocking I/O), then waits about a second more for the send to end.
 *
 * <p>Implement {@link #encoding()}, {@link #messageMaxBytes()} (at least 64), {@link #send(byte[],
 * int)} and {@link #close()}; {@link #destination()} and {@link #send(byte[], int, int)} have
 * defaults.
 *
 * <p>A sender reports the outcome of each message in transport-neutral terms: it returns when
 * the collector accepted the message, throws a {@link SendException} saying whether to retry,
 * split or drop the batch when the collector refused it, and throws a plain {@link IOException}
 * when the collector could not be reached. Anything else it throws, an {@code Error} included, is
 * taken for a bug in the sender: the batch is dropped at once and logged, and the reporter goes on
 * with the next one.
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
   * Sends one encoded list of spans, blocking until the collector accepted it. The reporter
   * calls {@link #send(byte[], int, int)}, whose default calls this with a copy of its message.
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

  /**
   * Sends the message held in the first {@code length} bytes of {@code buffer}: the method the
   * reporter calls. The reporter writes its next message into the same array once this returns
   * normally, so an implementation must neither keep the array nor read it after returning (nothing
   * detects one that does: the messages it kept are overwritten); after a throw the array is never
   * written again, so a request that goes on reading it (one that timed out) reads the same
   * message.
   *
   * <p>The default copies the message into an array of its own and calls {@link #send(byte[],
   * int)}, so a sender that keeps what it is given stays correct. Override it to send without the
   * copy, as {@code HttpSender} does.
   *
   * @param buffer holds the message from index 0; the bytes after {@code length} are not part of it
   * @param length the message's size in bytes
   * @param spanCount how many spans the message holds
   * @throws SendException as {@link #send(byte[], int)}
   * @throws IOException as {@link #send(byte[], int)}
   */
  default void send(byte[] buffer, int length, int spanCount) throws IOException {
    send(Arrays.copyOf(buffer, length), spanCount);
  }

  /** Releases the sender's resources. Idempotent. */
  @Override
  void close();
}
