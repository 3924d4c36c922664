package io.ziptrace.http.jdk;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpResponseInfo;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.sampling.Sampler;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 * works with any executor, virtual threads included. An exception thrown by the handler is
 * recorded as the {@code error} tag and then reaches the server exactly as before.
 */
public final class TracingFilter extends Filter {
  /**
   * The span of each request in progress. Not exchange attributes: the JDK keeps those in the
   * context's map, shared by every request to the context, so concurrent requests would see
   * each other's spans.
   */
  private static final Map<HttpExchange, Span> SPANS = new ConcurrentHashMap<>();
  /** What {@link #span} returns outside a traced request: one shared span that records nothing. */
  private static final Span NOT_TRACED = Tracer.builder().sampler(Sampler.NEVER).build().newTrace(false);

  private final HttpServerTracing tracing;
  private final String route;

  private TracingFilter(HttpServerTracing tracing, String route) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.route = route;
  }

  /** A filter with the default server tracing of {@code tracer}. */
  public static TracingFilter create(Tracer tracer) {
    return new TracingFilter(HttpServerTracing.create(tracer), null);
  }

  /** A filter with configured server tracing (propagation, skip rules, parsers). */
  public static TracingFilter create(HttpServerTracing tracing) {
    return new TracingFilter(tracing, null);
  }

  /**
   * The same filter recording {@code route} (e.g. {@code /users/{id}}) as the route of this
   * context's requests, which names their spans.
   */
  public TracingFilter withRoute(String route) {
    return new TracingFilter(tracing, route);
  }

  /**
   * The span of the request being handled, never {@code null}: an unsampled no-op span when
   * the request is not traced (no filter, or a skipped path), or when it is asked for after the
   * handler returned. Pass the exchange the filter received, not a wrapper of it.
   */
  public static Span span(HttpExchange exchange) {
    Span span = SPANS.get(exchange);
    return span != null ? span : NOT_TRACED;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    ExchangeRequest request = new ExchangeRequest(exchange, route);
    Span span = tracing.start(request);
    SPANS.put(exchange, span);
    Throwable error = null;
    try {
      chain.doFilter(exchange);
    } catch (IOException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      SPANS.remove(exchange);
      // afterHandler is skipped when the handler throws, so the span is finished here.
      tracing.finish(span, HttpResponseInfo.of(request, exchange.getResponseCode(), error));
    }
  }

  @Override
  public String description() {
    return "ziptrace server tracing" + (route != null ? " for " + route : "");
  }
}
