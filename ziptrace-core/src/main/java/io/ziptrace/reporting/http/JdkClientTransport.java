package io.ziptrace.reporting.http;

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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * HTTP/2 POSTs with the JDK's {@link HttpClient} (an h2c upgrade on plain http, falling back to
 * HTTP/1.1 when the collector does not take it), concurrent requests sharing one connection.
 */
final class JdkClientTransport implements CollectorTransport {
  /**
   * {@code HttpClient.shutdownNow()}, JDK 21+; null on 17, where the client's selector thread
   * ends by itself once the client is unreachable. Looked up because we compile with
   * {@code --release 17}.
   */
  private static final MethodHandle CLIENT_SHUTDOWN_NOW = clientShutdownNow();

  private final URI endpoint;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final TransportErrors errors;
  private final ExecutorService executor;
  private final HttpClient client;
  /** Requests not yet answered, so that close() can fail them. */
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  JdkClientTransport(URI endpoint, Map<String, String> headers, Duration connectTimeout, Duration requestTimeout, SSLContext sslContext,
      TransportErrors errors) {
    this.endpoint = endpoint;
    this.headers = headers;
    this.requestTimeout = requestTimeout;
    this.errors = errors;
    // The client completes requests on this executor: with one thread, concurrent sends would
    // wait for each other there. Idle threads end after a minute.
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "ziptrace-http-sender");
      thread.setDaemon(true);
      return thread;
    });
    HttpClient.Builder client = HttpClient.newBuilder();
    if (sslContext != null) client.sslContext(sslContext);
    this.client = client
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
  }

  @Override
  public CollectorAnswer post(byte[] body, int length) throws IOException {
    if (closed) throw errors.closed(null);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout);
    headers.forEach(request::header);
    // sendAsync rather than send, so that close() can fail a request in flight: on JDK 17 the
    // client never completes it once its executor is shut down, and send would block forever.
    CompletableFuture<HttpResponse<String>> future = client.sendAsync(
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length)).build(),
        HttpResponse.BodyHandlers.ofString());
    inFlight.add(future);
    HttpResponse<String> response;
    try {
      if (closed) future.cancel(true); // close() ran before our add, so did not see this request
      response = future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending spans to " + CollectorUrl.display(endpoint));
    } catch (CancellationException e) {
      throw errors.closed(null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // as HttpClient.send does, a bad request or a denied permission is not an IOException; an
      // unresolved host is an IllegalArgumentException too, but one that retrying may fix
      if (cause instanceof SecurityException) throw (SecurityException) cause;
      if (cause instanceof IllegalArgumentException && !(cause instanceof UnresolvedAddressException)) {
        throw (IllegalArgumentException) cause;
      }
      if (closed) throw errors.closed(cause);
      throw errors.explain(cause);
    } finally {
      inFlight.remove(future);
    }
    return new CollectorAnswer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
        response.headers().firstValue("Location").orElse(null), response.body() == null ? "" : response.body());
  }

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

  private static MethodHandle clientShutdownNow() {
    try {
      return MethodHandles.publicLookup().findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // JDK 17-20
    }
  }
}
