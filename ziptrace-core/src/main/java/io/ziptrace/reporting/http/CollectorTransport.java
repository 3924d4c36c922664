package io.ziptrace.reporting.http;

import java.io.IOException;

/** One way of POSTing a message to the collector: HTTP/1.1 connections, or HTTP/2 streams. */
interface CollectorTransport {
  /**
   * POSTs {@code body[0, length)} with the sender's headers and waits for the answer.
   *
   * @throws IOException when no answer came; its message says why as a person reads it (see
   *     {@link TransportErrors}), and says that the sender is closed when it is
   */
  CollectorAnswer post(byte[] body, int length) throws IOException;

  /** Fails the requests in flight and any later one, and stops what this started. Never throws. */
  void close();
}
