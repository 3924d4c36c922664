package io.ziptrace.reporting.http;

import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.Sender;
import io.ziptrace.encoding.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Sends spans over HTTP with the JDK's {@link HttpClient}: a POST of the encoded list to the
 * collector URL exactly as given (e.g. {@code http://zipkin:9411/api/v2/spans}; Jaeger's and
 * other Zipkin-compatible endpoints work by URL alone).
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
 * as many connections.
 */
public final class HttpSender implements Sender {
  private static final int MAX_ERROR_BODY_CHARS = 200;
  /**
   * {@code HttpClient.shutdownNow()}, JDK 21+; null on 17, where the client's selector thread
   * ends by itself once the client is unreachable. Looked up because we compile with
   * {@code --release 17}.
   */
  private static final MethodHandle CLIENT_SHUTDOWN_NOW = clientShutdownNow();

  private final URI endpoint;
  private final String destination;
  private final TransportErrors errors;
  private final Encoding encoding;
  private final boolean gzip;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final int messageMaxBytes;
  private final ExecutorService executor;
  private final HttpClient client;
  /** Requests not yet answered, so that close() can fail them. */
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpSender(Builder b) {
    this.endpoint = b.endpoint;
    this.destination = CollectorUrl.display(b.endpoint);
    this.errors = new TransportErrors(b.endpoint.getHost(), b.connectTimeout, b.requestTimeout);
    this.encoding = b.encoding;
    this.gzip = b.gzip;
    this.headers = Map.copyOf(b.headers);
    this.requestTimeout = b.requestTimeout;
    this.messageMaxBytes = b.messageMaxBytes;
    // The client completes exchanges on this executor: with one thread, the reporter's concurrent
    // sends would wait for each other there. Idle threads end after a minute.
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "ziptrace-http-sender");
      thread.setDaemon(true);
      return thread;
    });
    HttpClient.Builder client = HttpClient.newBuilder();
    if (b.sslContext != null) client.sslContext(b.sslContext);
    this.client = client
        .version(b.http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
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
    if (closed) throw closedException();
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", encoding.mediaType())
        .header("b3", "0");
    headers.forEach(request::header);
    HttpRequest.BodyPublisher body;
    if (gzip) {
      body = HttpRequest.BodyPublishers.ofByteArray(gzip(buffer, length));
      request.header("Content-Encoding", "gzip");
    } else {
      body = HttpRequest.BodyPublishers.ofByteArray(buffer, 0, length);
    }
    // sendAsync rather than send, so that close() can fail a request in flight: on JDK 17 the
    // client never completes it once its executor is shut down, and send would block forever.
    CompletableFuture<HttpResponse<String>> future = client.sendAsync(
        request.POST(body).build(), HttpResponse.BodyHandlers.ofString());
    inFlight.add(future);
    HttpResponse<String> response;
    try {
      if (closed) future.cancel(true); // close() ran before our add, so did not see this request
      response = future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending spans to " + destination);
    } catch (CancellationException e) {
      throw closedException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // as HttpClient.send does, a bad request or a denied permission is not an IOException; an
      // unresolved host is an IllegalArgumentException too, but one that retrying may fix
      if (cause instanceof SecurityException) throw (SecurityException) cause;
      if (cause instanceof IllegalArgumentException && !(cause instanceof UnresolvedAddressException)) {
        throw (IllegalArgumentException) cause;
      }
      if (closed) throw closedException();
      throw errors.explain(cause);
    } finally {
      inFlight.remove(future);
    }
    int status = response.statusCode();
    String detail = describe(response);
    if (status / 100 == 3 || status == 404) detail += "; " + CollectorUrl.pathHint(endpoint);
    SendException refusal = refusal(status, retryAfter(response), detail);
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
    closed = true;
    for (CompletableFuture<?> future : inFlight) future.cancel(true);
    if (CLIENT_SHUTDOWN_NOW != null) {
      // Not HttpClient.close() (JDK 21+): it waits for requests in flight, and close must be bounded.
      // shutdownNow() aborts them and ends the client's selector thread now, not at the next GC.
      try {
        CLIENT_SHUTDOWN_NOW.invokeExact(client);
      } catch (Throwable e) {
        // best effort: the client is unusable either way once its executor is shut down
      }
    }
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpSender{" + destination + ", " + encoding + (gzip ? ", gzip" : "") + "}";
  }

  private IOException closedException() {
    return new IOException("sender is closed: " + destination);
  }

  private static MethodHandle clientShutdownNow() {
    try {
      return MethodHandles.publicLookup().findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // JDK 17-20
    }
  }

  private static byte[] gzip(byte[] buffer, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(buffer, 0, length);
    }
    return out.toByteArray();
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null) return null;
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to our own backoff
    }
  }

  private static String describe(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().strip();
    if (body.length() > MAX_ERROR_BODY_CHARS) body = body.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    String location = response.headers().firstValue("Location").map(l -> " (redirect to " + l + ")").orElse("");
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
     * Whether to gzip request bodies. Default false: compressing costs the sending thread a few
     * microseconds of CPU per span (about 6x its work without it) to shrink the body about 18x,
     * which pays where bandwidth is scarce (a metered or remote link) and not on a local network;
     * {@code docs/benchmarks.md} has the figures.
     */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    /** Adds a request header, e.g. an API key a collector requires. Its value is never logged. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** How long to wait for a connection. Default 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long to wait for the collector's answer. Default 10 s. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /** Whether to speak HTTP/2 (h2c upgrade on plain http). Default false: HTTP/1.1. */
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

    /** Returns the sender. */
    public HttpSender build() {
      return new HttpSender(this);
    }
  }
}
