package io.ziptrace.reporting.http;

import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.Sender;
import io.ziptrace.encoding.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Sends spans over HTTP: a POST of the encoded list to the collector URL exactly as given (e.g.
 * {@code http://zipkin:9411/api/v2/spans}; Jaeger's and other Zipkin-compatible endpoints work by
 * URL alone). HTTP/1.1 by default, over kept-alive sockets of its own (TLS from the JDK for
 * {@code https}) on the reporter's sending thread; HTTP/2 with {@link Builder#http2} over the
 * JDK's {@code java.net.http.HttpClient}. Never through a proxy.
 *
 * <p>Each POST carries {@code b3: 0} so that a traced HTTP stack does not trace the reporting
 * of traces. Extra headers (e.g. an API key) are sent but never logged.
 *
 * <p>The collector's status code becomes the reporter's decision ({@link SendException}): 2xx is
 * success; 408, 429 and 5xx are retried later, honouring a {@code Retry-After} in seconds; 400
 * splits the batch to isolate the span refused; 413 splits it too, a single span refused being
 * too large; any other code (redirects are not followed, 401, 403, 404...) rejects the batch.
 * Connection failures and timeouts are plain {@link IOException}s, retried; their message says
 * what happened as a person reads it ({@code connection refused}, {@code no answer within 10 s},
 * {@code unknown host zipkin}, {@code TLS handshake failed: ...}, {@code connection closed by the
 * collector}), the JDK's exception being its cause. A redirect or a 404 adds a hint that the
 * URL's path is probably wrong.
 *
 * <p>The URL is checked when the sender is built: it must be an {@code http} or {@code https} URL
 * with a host and a path. A URL with no path or only {@code /} (e.g. {@code http://zipkin:9411})
 * is rejected rather than accepted with a warning, because no Zipkin-compatible collector takes
 * spans at the root: the message says to use {@code http://zipkin:9411/api/v2/spans}. Messages
 * and logs show the URL without its user info and query string, which may hold credentials.
 *
 * <p>Thread-safe: concurrent {@link #send}s (a reporter's {@code maxConcurrentSends}) go over
 * as many connections (HTTP/1.1) or streams of one connection (HTTP/2).
 */
public final class HttpSender implements Sender {
  private static final int MAX_ERROR_BODY_CHARS = 200;
  /** Headers the HTTP client sets itself: ours for HTTP/1.1, and the JDK's refuses them for HTTP/2. */
  private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final URI endpoint;
  private final String destination;
  private final Encoding encoding;
  private final boolean gzip;
  private final int messageMaxBytes;
  private final CollectorTransport transport;

  private HttpSender(Builder b) {
    this.endpoint = b.endpoint;
    this.destination = CollectorUrl.display(b.endpoint);
    this.encoding = b.encoding;
    this.gzip = b.gzip;
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", encoding.mediaType());
    all.put("b3", "0");
    if (gzip) all.put("Content-Encoding", "gzip");
    b.headers.forEach((name, value) -> {
      all.keySet().removeIf(name::equalsIgnoreCase); // the user's Content-Type replaces ours
      all.put(name, value);
    });
    Map<String, String> headers = Collections.unmodifiableMap(all);
    this.messageMaxBytes = b.messageMaxBytes;
    TransportErrors errors = new TransportErrors(destination, b.endpoint.getHost(), b.connectTimeout, b.requestTimeout);
    this.transport = b.http2
        ? new JdkClientTransport(b.endpoint, headers, b.connectTimeout, b.requestTimeout, b.sslContext, errors)
        : new SocketTransport(b.endpoint, headers, b.connectTimeout, b.requestTimeout, b.sslContext, errors);
  }

  /**
   * A JSON sender to {@code url} with the default settings.
   *
   * @throws IllegalArgumentException when the URL is not an http or https URL with a host and a
   *     path (see the class comment); the message says what to write instead
   */
  public static HttpSender create(String url) {
    return builder(url).build();
  }

  /**
   * Configures a sender that POSTs to {@code url}, used exactly as given.
   *
   * @throws IllegalArgumentException when the URL is not an http or https URL with a host and a
   *     path (see the class comment); the message says what to write instead
   */
  public static Builder builder(String url) {
    return new Builder(CollectorUrl.parse(Objects.requireNonNull(url, "url")));
  }

  @Override
  public Encoding encoding() {
    return encoding;
  }

  @Override
  public int messageMaxBytes() {
    return messageMaxBytes;
  }

  /** The collector URL, as given. */
  public URI endpoint() {
    return endpoint;
  }

  /** The collector URL without user info, query string or fragment, which may hold credentials. */
  @Override
  public String destination() {
    return destination;
  }

  /**
   * {@inheritDoc}
   *
   * @throws SendException when the collector answered other than 2xx (see the class comment)
   * @throws IOException when the collector could not be reached or timed out (retried), or when
   *     this sender is closed or is closed while sending
   */
  @Override
  public void send(byte[] message, int spanCount) throws IOException {
    send(message, message.length, spanCount);
  }

  /**
   * {@inheritDoc} Sends straight from {@code buffer}, without a copy: the collector has read the
   * whole body by the time it answers 2xx, so the array is free again when this returns normally.
   *
   * @throws SendException when the collector answered other than 2xx (see the class comment)
   * @throws IOException when the collector could not be reached or timed out (retried), or when
   *     this sender is closed or is closed while sending
   */
  @Override
  public void send(byte[] buffer, int length, int spanCount) throws IOException {
    CollectorAnswer answer = gzip ? gzipped(buffer, length) : transport.post(buffer, length);
    int status = answer.status();
    String detail = describe(answer);
    if (status / 100 == 3 || status == 404) detail += "; " + CollectorUrl.pathHint(endpoint);
    SendException refusal = refusal(status, retryAfter(answer.retryAfter()), detail);
    if (refusal != null) throw refusal;
  }

  /**
   * What an answer with {@code status} means to the reporter.
   *
   * @param retryAfter the answer's {@code Retry-After}, or null
   * @param detail what the answer said, for the log
   * @return null when the collector accepted the message
   */
  static SendException refusal(int status, Duration retryAfter, String detail) {
    if (status >= 200 && status < 300) return null;
    String message = "HTTP " + status + ": " + detail;
    if (status == 408 || status == 429 || status >= 500) {
      return retryAfter == null ? SendException.retryLater(message) : SendException.retryLater(message, retryAfter);
    }
    if (status == 400) return SendException.splitBatch(message);
    if (status == 413) return SendException.tooLarge(message);
    return SendException.reject(message);
  }

  /**
   * Stops the client and its threads without waiting: requests in flight fail with an {@link
   * IOException}, as does any later {@link #send}. Idempotent; never throws.
   */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "HttpSender{" + destination + ", " + encoding + (gzip ? ", gzip" : "") + (transport instanceof JdkClientTransport ? ", http2" : "") + "}";
  }

  private CollectorAnswer gzipped(byte[] buffer, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(buffer, 0, length);
    }
    byte[] compressed = out.toByteArray();
    return transport.post(compressed, compressed.length);
  }

  private static Duration retryAfter(String value) {
    if (value == null) return null;
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to our own backoff
    }
  }

  private static String describe(CollectorAnswer answer) {
    String body = answer.body().strip();
    if (body.length() > MAX_ERROR_BODY_CHARS) body = body.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    String location = answer.location() == null ? "" : " (redirect to " + answer.location() + ")";
    return body.isEmpty() ? "no body" + location : body + location;
  }

  /** Configures an {@link HttpSender}. */
  public static final class Builder {
    private final URI endpoint;
    private Encoding encoding = Encoding.JSON;
    private boolean gzip;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private boolean http2;
    private int messageMaxBytes = 500_000;
    private javax.net.ssl.SSLContext sslContext;

    private Builder(URI endpoint) {
      this.endpoint = endpoint;
    }

    /** JSON (default) or proto3. */
    public Builder encoding(Encoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * Whether to gzip request bodies. Default false: compressing costs the reporter's threads
     * several times their work without it, to shrink the body many times over, which pays where
     * bandwidth is scarce (a metered or remote link) and not on a local network; {@code
     * docs/benchmarks.md} has the figures.
     */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    /**
     * Adds a request header, e.g. an API key a collector requires. Its value is never logged.
     *
     * @throws IllegalArgumentException for a header the HTTP client sets itself: {@code
     *     Connection}, {@code Content-Length}, {@code Expect}, {@code Host} or {@code Upgrade}; for
     *     a name that is not an HTTP token, or a value with a line break or other control character
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!isToken(name)) throw new IllegalArgumentException("not a valid header name: \"" + name + "\"");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < ' ' && c != '\t' || c == 0x7f || c > 0xff) {
          throw new IllegalArgumentException("the value of header " + name + " has a control or non-Latin-1 character at " + i);
        }
      }
      if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the HTTP client sets the " + name + " header itself; it cannot be given");
      }
      headers.put(name, value);
      return this;
    }

    /**
     * How long to wait for a connection. Default 10 s.
     *
     * @throws IllegalArgumentException when under a millisecond
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * How long one POST may take, from sending the request to the collector's answer. Default 10 s.
     *
     * @throws IllegalArgumentException when under a millisecond
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Whether to speak HTTP/2 (h2c upgrade on plain http), concurrent sends sharing one
     * connection, over the JDK's {@code java.net.http.HttpClient}. Default false: HTTP/1.1 over
     * sockets of its own, which costs the process far less CPU per message.
     */
    public Builder http2(boolean http2) {
      this.http2 = http2;
      return this;
    }

    /** The largest message the collector accepts. Default 500,000 bytes. */
    public Builder messageMaxBytes(int messageMaxBytes) {
      if (messageMaxBytes < 64) throw new IllegalArgumentException("messageMaxBytes must be at least 64");
      this.messageMaxBytes = messageMaxBytes;
      return this;
    }

    /**
     * The TLS settings for an {@code https} collector, e.g. to trust a private certificate
     * authority. Default: the JDK's trust store.
     */
    public Builder sslContext(javax.net.ssl.SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * The collector URL without user info, query string or fragment, which may hold credentials:
     * what the built sender's {@link HttpSender#destination()} says, to name the collector in a
     * log line before the sender exists.
     */
    public String destination() {
      return CollectorUrl.display(endpoint);
    }

    /** Whether {@code name} is an HTTP token (RFC 9110): letters, digits and {@code !#$%&'*+-.^_`|~}. */
    private static boolean isToken(String name) {
      if (name.isEmpty()) return false;
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean alphanumeric = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
        if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) return false;
      }
      return true;
    }

    private static Duration positive(Duration timeout, String name) {
      Objects.requireNonNull(timeout, name);
      if (timeout.toMillis() < 1) throw new IllegalArgumentException(name + " must be at least 1 ms: " + timeout);
      return timeout;
    }

    /** Returns the sender. */
    public HttpSender build() {
      return new HttpSender(this);
    }
  }
}
