package io.ziptrace.reporting.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the collector, used by one POST at a time. {@code TCP_NODELAY}, so
 * the end of a message is not held back waiting for the collector to acknowledge its start.
 */
final class CollectorConnection {
  private final Socket socket;
  private final OutputStream out;
  private final AnswerReader answers;
  /** Whether a POST ended on this connection before the current one. */
  private boolean reused;
  /** Whether the current POST got as far as reading the answer. */
  private boolean reading;
  private long idleSinceNanos;

  private CollectorConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.answers = new AnswerReader(new BufferedInputStream(socket.getInputStream(), 8192));
  }

  /**
   * Connects to {@code endpoint}, over TLS from {@code tls} for an {@code https} URL, checking
   * that the certificate names the host.
   *
   * @param answerTimeoutMillis how long a read may block; a write is bounded by the caller's deadline
   */
  static CollectorConnection open(URI endpoint, int connectTimeoutMillis, int answerTimeoutMillis, SSLSocketFactory tls)
      throws IOException {
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : https ? 443 : 80;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), connectTimeoutMillis);
      socket.setSoTimeout(answerTimeoutMillis);
      if (https) socket = handshake(socket, endpoint.getHost(), port, tls);
      return new CollectorConnection(socket);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private static Socket handshake(Socket plain, String host, int port, SSLSocketFactory tls) throws IOException {
    SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    secure.setSSLParameters(parameters);
    secure.startHandshake();
    return secure;
  }

  /** Marks the end of a POST that leaves the connection fit for the next one. */
  void idle() {
    reused = true;
    idleSinceNanos = System.nanoTime();
  }

  /**
   * Sends a POST of {@code head} and {@code body[0, length)} and reads the answer.
   *
   * @throws IOException when the connection fails or the answer is malformed: the connection is
   *     then unusable
   */
  AnswerReader.Answer post(byte[] head, byte[] body, int length) throws IOException {
    reading = false;
    out.write(head);
    out.write(body, 0, length);
    out.flush();
    reading = true;
    return answers.read();
  }

  /**
   * Whether a failure of the last {@link #post} may be the collector having closed this
   * connection while it was idle, before reading the request: the one failure worth retrying at
   * once on a new connection.
   */
  boolean mayHaveGoneStale() {
    return reused && !(reading && answers.started());
  }

  /** When this connection last finished a POST, in {@link System#nanoTime()}. */
  long idleSinceNanos() {
    return idleSinceNanos;
  }

  /** Closes the socket, which also ends a read or write blocked on it in another thread. */
  void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more can be done with it
    }
  }
}
