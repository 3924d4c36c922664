package io.ziptrace.http.jdk;

import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpResponseInfo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Traces the calls of a {@link HttpClient}: each request becomes a CLIENT span, child of the
 * context the caller passes, and carries that span's context in the headers of the client
 * tracing's propagation (B3 by default), with the remote baggage fields the context carries
 * (and, with W3C propagation, its {@code tracestate}). To keep the baggage from a destination,
 * pass {@code parent.withoutBaggage()} for one call, or set {@code
 * HttpClientTracing.Builder.sendBaggageTo}.
 *
 * <pre>{@code
 * TracingHttpClient http = TracingHttpClient.create(HttpClient.newHttpClient(), tracer);
 * HttpResponse<String> users = http.send(span.context(), request, BodyHandlers.ofString());
 * }</pre>
 *
 * <p>The span finishes when the response headers and body handler complete, or the call fails,
 * on whichever thread that happens. Note that the JDK client silently retries an idempotent
 * request once when a connection closes without an answer; the server then sees two requests
 * for one client span. Likewise a client that follows redirects does so inside one call, with no
 * hook per hop: the call is one CLIENT span, tagged with the first request's path and the final
 * status, and every hop carries its context.
 */
public final class TracingHttpClient {
  private final HttpClient client;
  private final HttpClientTracing tracing;

  private TracingHttpClient(HttpClient client, HttpClientTracing tracing) {
    this.client = Objects.requireNonNull(client, "client");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  /** Traces {@code client} with the default client tracing of {@code tracer}. */
  public static TracingHttpClient create(HttpClient client, Tracer tracer) {
    return new TracingHttpClient(client, HttpClientTracing.create(tracer));
  }

  /** Traces {@code client} with configured client tracing (propagation, parsers). */
  public static TracingHttpClient create(HttpClient client, HttpClientTracing tracing) {
    return new TracingHttpClient(client, tracing);
  }

  /** The client being traced. */
  public HttpClient unwrap() {
    return client;
  }

  /**
   * Sends {@code request} as a child of {@code parent} (a new trace when {@code null}) and
   * waits for the response, like {@link HttpClient#send}.
   */
  public <T> HttpResponse<T> send(TraceContext parent, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    ClientRequest info = new ClientRequest(request);
    Span span = tracing.start(parent, info);
    HttpResponse<T> response;
    try {
      response = client.send(traced(span, request), handler);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      tracing.finish(span, HttpResponseInfo.of(info, 0, e));
      throw e;
    }
    tracing.finish(span, HttpResponseInfo.of(info, response.statusCode(), null));
    return response;
  }

  /**
   * Sends {@code request} as a child of {@code parent} (a new trace when {@code null}) without
   * waiting, like {@link HttpClient#sendAsync}. The returned future completes after the span
   * finished.
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      TraceContext parent, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    ClientRequest info = new ClientRequest(request);
    Span span = tracing.start(parent, info);
    CompletableFuture<HttpResponse<T>> call;
    try {
      call = client.sendAsync(traced(span, request), handler);
    } catch (RuntimeException | Error e) {
      tracing.finish(span, HttpResponseInfo.of(info, 0, e));
      throw e;
    }
    return call.whenComplete((response, failure) -> tracing.finish(span,
        HttpResponseInfo.of(info, response != null ? response.statusCode() : 0, failure)));
  }

  private HttpRequest traced(Span span, HttpRequest request) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
    tracing.inject(span, copy, HttpRequest.Builder::setHeader);
    return copy.build();
  }
}
