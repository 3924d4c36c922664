package io.ziptrace.http.jdk;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.sampling.Sampler;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Traces every request of a {@code com.sun.net.httpserver} context as a SERVER span. One line
 * installs it:
 *
 * <pre>{@code
 * server.createContext("/users", handler).getFilters().add(TracingFilter.create(tracer));
 * }</pre>
 *
 * <p>Handlers get the request's span from the exchange with {@link #span(HttpExchange)}, to
 * tag it, start children or pass its context on; nothing is kept in thread-locals, so this
 * works with any executor, virtual threads included. The context carries the baggage fields
 * declared on the tracer that came with the request ({@code
 * TracingFilter.span(exchange).context().baggage(USER_ID)}; none when {@code
 * HttpServerTracing.Builder.acceptBaggageFrom} refuses the request), and the W3C {@code tracestate} that
 * came with a valid {@code traceparent}; every header field of a repeated header is read.
 *
 * <p>The span ends when the response is complete: when the handler closes the exchange or the
 * response body, or sends headers for a response without a body. So a handler may return at
 * once and respond later from another thread (a {@code CompletableFuture} callback): the span
 * lasts until the client has its answer, carries the status the client got, and {@link #span}
 * keeps returning it meanwhile. An exception thrown by the handler is recorded as the {@code
 * error} tag and then reaches the server exactly as before.
 *
 * <p>A response that never completes cannot hold its span forever: after {@link
 * Builder#responseTimeout} the span is finished with an {@code error} saying so, and at most
 * {@link Builder#maxPendingResponses} responses are awaited at once (beyond that, a request whose
 * handler returned without responding is not traced to its end). Both are counted.
 */
public final class TracingFilter extends Filter {
  /** What {@link #span} returns outside a traced request: one shared span that records nothing. */
  private static final Span NOT_TRACED = Tracer.builder().sampler(Sampler.NEVER).build().newTrace(false);
  private static final OnceLog WRONG_EXCHANGE_LOG = new OnceLog("TracingFilter.span(exchange) was given an exchange"
      + " of a traced context that the filter did not hand down (the one a filter before it received, or a"
      + " wrapper of it): it returns a no-op span, so this request's spans are lost. Pass the exchange your"
      + " handler received.");
  private static final UntracedContextLog UNTRACED_CONTEXT_LOG = new UntracedContextLog(1_000);

  private final HttpServerTracing tracing;
  private final String route;
  private final PendingResponses pending;

  private TracingFilter(HttpServerTracing tracing, String route, PendingResponses pending) {
    this.tracing = tracing;
    this.route = route;
    this.pending = pending;
  }

  /** A filter with the default server tracing of {@code tracer}. */
  public static TracingFilter create(Tracer tracer) {
    return builder(HttpServerTracing.create(tracer)).build();
  }

  /** A filter with configured server tracing (propagation, skip rules, parsers). */
  public static TracingFilter create(HttpServerTracing tracing) {
    return builder(tracing).build();
  }

  /** Configures a filter: how long and how many responses it awaits after handlers return. */
  public static Builder builder(HttpServerTracing tracing) {
    return new Builder(tracing);
  }

  /**
   * The same filter recording {@code route} (e.g. {@code /users/{id}}) as the route of this
   * context's requests, which names their spans. It shares this filter's limits and counts.
   */
  public TracingFilter withRoute(String route) {
    return new TracingFilter(tracing, route, pending);
  }

  /**
   * The span of the request, never {@code null}; valid from the handler and from any thread
   * that completes the response later. Pass the exchange your handler received (the filter
   * hands down its own exchange, which carries the span).
   *
   * <p>Where there is no span, this returns a shared no-op span and logs one warning saying what
   * to fix: when the exchange's context has no {@code TracingFilter} (once per context path: add
   * {@code TracingFilter.create(tracer)} to that context's filters), and when the context has one
   * but this exchange is not the one it handed down (once per JVM: pass the exchange the handler
   * received). A null exchange gives the no-op span silently.
   */
  public static Span span(HttpExchange exchange) {
    if (exchange instanceof TracedRequest) return ((TracedRequest) exchange).response().span();
    if (exchange != null) warnNotTraced(exchange);
    return NOT_TRACED;
  }

  /** Says why an exchange has no span: its context has no TracingFilter, or it is not the filter's exchange. */
  private static void warnNotTraced(HttpExchange exchange) {
    HttpContext context;
    boolean traced;
    try {
      context = exchange.getHttpContext();
      if (context == null) return;
      traced = context.getFilters().stream().anyMatch(filter -> filter instanceof TracingFilter);
    } catch (RuntimeException e) {
      return; // an exchange wrapper of the application's that cannot say: nothing to advise
    }
    if (traced) {
      WRONG_EXCHANGE_LOG.warnOnce();
    } else {
      UNTRACED_CONTEXT_LOG.warnOnce(context.getPath());
    }
  }

  /** Responses awaited now: their handlers returned, the client does not have the answer yet. */
  public int pendingResponses() {
    return pending.size();
  }

  /** Spans finished with an error because their response did not complete within the timeout. */
  public long timedOutResponses() {
    return pending.timedOut();
  }

  /** Spans dropped because {@code maxPendingResponses} responses were already awaited. */
  public long untrackedResponses() {
    return pending.overLimit();
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    ExchangeRequest request = new ExchangeRequest(exchange, route);
    Span span = tracing.start(request);
    ServerResponse response = new ServerResponse(span, request, tracing, exchange::getResponseCode, pending);
    HttpExchange traced = exchange instanceof HttpsExchange
        ? new TracedHttpsExchange((HttpsExchange) exchange, response)
        : new TracedExchange(exchange, response);
    Throwable error = null;
    try {
      chain.doFilter(traced);
    } catch (IOException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      // afterHandler is skipped when the handler throws, so the handler's return is seen here.
      boolean finished = response.handlerReturned(error);
      if (!finished && !span.isNoop()) pending.add(response);
      pending.sweepIfDue(System.nanoTime());
    }
  }

  @Override
  public String description() {
    return "ziptrace server tracing" + (route != null ? " for " + route : "");
  }

  /** Configures a {@link TracingFilter}. */
  public static final class Builder {
    private final HttpServerTracing tracing;
    private Duration responseTimeout = Duration.ofMinutes(5);
    private int maxPendingResponses = 10_000;

    private Builder(HttpServerTracing tracing) {
      this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    /**
     * How long a response may take after its handler returned before the span is finished with
     * an {@code error} saying it did not complete. Default 5 minutes.
     */
    public Builder responseTimeout(Duration responseTimeout) {
      if (responseTimeout.isNegative() || responseTimeout.isZero()) {
        throw new IllegalArgumentException("responseTimeout must be positive: " + responseTimeout);
      }
      this.responseTimeout = responseTimeout;
      return this;
    }

    /** The most responses awaited at once after their handlers returned. Default 10,000. */
    public Builder maxPendingResponses(int maxPendingResponses) {
      if (maxPendingResponses < 1) throw new IllegalArgumentException("maxPendingResponses must be positive");
      this.maxPendingResponses = maxPendingResponses;
      return this;
    }

    /** Returns the filter. */
    public TracingFilter build() {
      return new TracingFilter(tracing, null, new PendingResponses(responseTimeout, maxPendingResponses));
    }
  }
}
