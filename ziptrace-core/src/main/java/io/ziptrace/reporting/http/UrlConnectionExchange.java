package io.ziptrace.reporting.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 POSTs with the JDK's {@link HttpURLConnection}, on the calling thread, over the JDK's
 * pool of kept-alive connections. Chosen over {@code java.net.http.HttpClient} for its cost: the
 * body goes from the caller's array to the socket in one write, with no hand-offs between
 * threads, for a fraction of the CPU per message (docs/benchmarks.md has the figures).
 *
 * <p>Never through a proxy, as the JDK's {@code HttpClient} by default: system proxy settings
 * meant for the application's traffic do not apply to its spans.
 */
final class UrlConnectionExchange implements Exchange {
  /** How much of an error answer is kept for the log; the rest is not read. */
  private static final int MAX_ERROR_BODY_BYTES = 8192;

  private final URL url;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final SSLSocketFactory tls;
  private final TransportErrors errors;
  private final RequestDeadlines deadlines;
  /** Connections with a request in flight, so that close() can abort them. */
  private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  UrlConnectionExchange(URI endpoint, Duration connectTimeout, Duration requestTimeout, SSLContext sslContext,
      TransportErrors errors) {
    try {
      this.url = endpoint.toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + CollectorUrl.display(endpoint), e);
    }
    this.connectTimeoutMillis = millis(connectTimeout);
    this.readTimeoutMillis = millis(requestTimeout);
    this.tls = sslContext == null ? null : sslContext.getSocketFactory();
    this.errors = errors;
    this.deadlines = new RequestDeadlines(requestTimeout);
  }

  @Override
  public CollectorAnswer post(byte[] body, int length, Map<String, String> headers) throws IOException {
    if (closed) throw errors.closed(null);
    HttpURLConnection connection = open(length, headers);
    inFlight.add(connection);
    RequestDeadlines.Deadline deadline = deadlines.start(connection::disconnect);
    try {
      if (closed) throw errors.closed(null); // close() ran before our add, so did not abort this request
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body, 0, length);
      }
      return answer(connection);
    } catch (IOException | RuntimeException e) {
      // an aborted connection fails in whatever way the thread was using it, even as a runtime exception
      if (closed) throw errors.closed(e);
      if (deadline.expired()) throw errors.timedOut(e);
      if (e instanceof RuntimeException) throw (RuntimeException) e;
      throw errors.explain(e);
    } finally {
      deadline.meet();
      inFlight.remove(connection);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (HttpURLConnection connection : inFlight) connection.disconnect();
    deadlines.close();
  }

  private HttpURLConnection open(int length, Map<String, String> headers) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
    if (tls != null && connection instanceof HttpsURLConnection) {
      ((HttpsURLConnection) connection).setSSLSocketFactory(tls);
    }
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setFixedLengthStreamingMode(length);
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    headers.forEach(connection::setRequestProperty);
    return connection;
  }

  private static CollectorAnswer answer(HttpURLConnection connection) throws IOException {
    int status;
    try {
      status = connection.getResponseCode();
    } catch (HttpRetryException e) {
      // a 401 or 407 with a challenge: in streaming mode the JDK throws rather than answer
      return new CollectorAnswer(e.responseCode(), null, null, e.getReason());
    }
    String retryAfter = connection.getHeaderField("Retry-After");
    String location = connection.getHeaderField("Location");
    if (status / 100 == 2) {
      try (InputStream in = connection.getInputStream()) {
        in.transferTo(OutputStream.nullOutputStream()); // read to the end, so the connection is kept alive
      }
      return new CollectorAnswer(status, retryAfter, location, "");
    }
    String body = "";
    // the JDK gives the body of a 4xx or 5xx only as the error stream, and of a 3xx only as the input stream
    try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) body = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
    }
    return new CollectorAnswer(status, retryAfter, location, body);
  }

  /** As HttpURLConnection takes a timeout: whole milliseconds, where 0 would mean none. */
  private static int millis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }
}
