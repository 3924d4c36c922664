package io.ziptrace.reporting.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 POSTs on the calling thread over kept-alive connections of our own: the request head
 * and the caller's array go to the socket as they are, and the answer is read on the same thread.
 * Chosen over the JDK's clients for its cost and latency: {@code HttpURLConnection} checks a
 * reused connection before each POST and leaves Nagle's algorithm on, and {@code
 * java.net.http.HttpClient} hands each request between threads (docs/rationale.md says what
 * that cost).
 *
 * <p>A reused connection that fails before any byte of the answer arrives is most likely one the
 * collector closed while it was idle, without reading the request: the POST is sent once more on
 * a new connection. (Should the collector have stored the message and then failed to answer, its
 * spans arrive twice; Zipkin merges the parts of a span that share its id when it reads a trace.)
 * Never through a proxy.
 */
final class SocketTransport implements CollectorTransport {
  /** A connection idle longer than this is closed rather than reused: collectors close idle ones too. */
  private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int MAX_IDLE_CONNECTIONS = 8;

  private final URI endpoint;
  private final RequestHead head;
  private final int connectTimeoutMillis;
  private final int answerTimeoutMillis;
  private final SSLSocketFactory tls;
  private final TransportErrors errors;
  private final RequestDeadlines deadlines;
  /** Most recently used first, so that the warmest connection carries the next POST. */
  private final Deque<CollectorConnection> idle = new ConcurrentLinkedDeque<>();
  /** Connections with a POST in flight, so that close() can abort them. */
  private final Set<CollectorConnection> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  SocketTransport(URI endpoint, Map<String, String> headers, Duration connectTimeout, Duration requestTimeout,
      SSLContext sslContext, TransportErrors errors) {
    this.endpoint = endpoint;
    this.head = new RequestHead(endpoint, headers);
    this.connectTimeoutMillis = millis(connectTimeout);
    this.answerTimeoutMillis = millis(requestTimeout);
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    this.tls = !https ? null
        : sslContext != null ? sslContext.getSocketFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault();
    this.errors = errors;
    this.deadlines = new RequestDeadlines(requestTimeout);
  }

  @Override
  public CollectorAnswer post(byte[] body, int length) throws IOException {
    if (closed) throw errors.closed(null);
    byte[] requestHead = head.forLength(length);
    AtomicReference<CollectorConnection> current = new AtomicReference<>();
    RequestDeadlines.Deadline deadline = deadlines.start(() -> {
      CollectorConnection connection = current.get();
      if (connection != null) connection.close();
    });
    try {
      for (boolean retried = false; ; retried = true) {
        CollectorConnection connection = null;
        try {
          connection = idleOrNew();
          current.set(connection);
          inFlight.add(connection);
          // close() may have run before our add, and so not have aborted this connection
          if (closed || deadline.expired()) connection.close();
          AnswerReader.Answer answer = connection.post(requestHead, body, length);
          inFlight.remove(connection);
          release(connection, answer.reusable());
          return answer.answer();
        } catch (IOException | RuntimeException e) {
          // an aborted connection fails in whatever way the thread was using it
          if (connection != null) {
            inFlight.remove(connection);
            connection.close();
          }
          if (closed) throw errors.closed(e);
          if (deadline.expired()) throw errors.timedOut(e);
          if (!retried && connection != null && connection.mayHaveGoneStale()) continue;
          if (e instanceof RuntimeException) throw (RuntimeException) e;
          throw errors.explain(e);
        }
      }
    } finally {
      deadline.meet();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (CollectorConnection connection : inFlight) connection.close();
    closeIdle();
    deadlines.close();
  }

  private CollectorConnection idleOrNew() throws IOException {
    long now = System.nanoTime();
    for (CollectorConnection connection; (connection = idle.pollFirst()) != null; ) {
      if (now - connection.idleSinceNanos() < MAX_IDLE_NANOS) return connection;
      connection.close();
    }
    return CollectorConnection.open(endpoint, connectTimeoutMillis, answerTimeoutMillis, tls);
  }

  private void release(CollectorConnection connection, boolean reusable) {
    if (!reusable || closed || idle.size() >= MAX_IDLE_CONNECTIONS) {
      connection.close();
      return;
    }
    connection.idle();
    idle.offerFirst(connection);
    if (closed) closeIdle(); // close() may have emptied the pool just before our offer
    long now = System.nanoTime();
    for (CollectorConnection oldest; (oldest = idle.peekLast()) != null && now - oldest.idleSinceNanos() >= MAX_IDLE_NANOS; ) {
      if (idle.removeLastOccurrence(oldest)) oldest.close();
    }
  }

  private void closeIdle() {
    for (CollectorConnection connection; (connection = idle.pollFirst()) != null; ) connection.close();
  }

  /** As a socket takes a timeout: whole milliseconds (the builder refuses less than one). */
  private static int millis(Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
