package io.ziptrace.http;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.HeaderGetter;
import io.ziptrace.IncomingContext;
import io.ziptrace.propagation.Propagation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The server side of HTTP tracing, shared by every server adapter: joins the caller's trace from
 * the request headers (or starts one), names and tags a SERVER span, and finishes it with the
 * response. Thread-safe; build one per server.
 *
 * <p>The baggage fields declared on the tracer are read from every request by default, so a
 * caller's values reach the server span, its children and every call made from them. A server
 * that faces callers it does not trust (an internet-facing one) keeps their values out with
 * {@link Builder#acceptBaggageFrom}.
 */
public final class HttpServerTracing {
  /** Reads a request's headers, all values of a repeated one included. */
  private static final HeaderGetter<HttpRequestInfo> REQUEST_HEADERS = new HeaderGetter<>() {
    @Override
    public String get(HttpRequestInfo request, String name) {
      return request.header(name);
    }

    @Override
    public List<String> getAll(HttpRequestInfo request, String name) {
      return request.headers(name);
    }
  };

  private final Tracer tracer;
  private final Propagation propagation;
  private final Set<String> skipPaths;
  private final Predicate<HttpRequestInfo> skip;
  private final HttpRequestParser requestParser;
  private final HttpResponseParser responseParser;
  private final boolean trustForwardedFor;
  private final BaggageGate acceptBaggageFrom; // null: every request

  private HttpServerTracing(Builder b) {
    this.trustForwardedFor = b.trustForwardedFor;
    this.tracer = b.tracer;
    this.propagation = BaggagePropagation.wrap(b.propagation, b.tracer.baggageFields());
    this.skipPaths = Set.copyOf(b.skipPaths);
    this.skip = b.skip;
    this.requestParser = b.requestParser;
    this.responseParser = b.responseParser;
    this.acceptBaggageFrom = b.acceptBaggageFrom == null ? null
        : new BaggageGate(b.acceptBaggageFrom, "acceptBaggageFrom", b.tracer);
  }

  /** Server tracing with the defaults: B3, nothing skipped, the default parsers. */
  public static HttpServerTracing create(Tracer tracer) {
    return builder(tracer).build();
  }

  /** Configures server tracing for {@code tracer}. */
  public static Builder builder(Tracer tracer) {
    return new Builder(tracer);
  }

  /** The tracer spans come from. */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * How incoming trace context is read, e.g. for an adapter that traces only continued traces.
   * It reads baggage whoever sent it: {@link Builder#acceptBaggageFrom} applies in {@link #start}.
   */
  public Propagation propagation() {
    return propagation;
  }

  /**
   * Starts the SERVER span of a request: joined to the caller's trace when the headers carry
   * one, with the caller's sampling decision when they carry only that, or a new trace. A
   * skipped request gets an unsampled no-op span. The span's context carries the baggage that
   * came with the request, none when {@link Builder#acceptBaggageFrom} refuses it. Never throws.
   */
  public Span start(HttpRequestInfo request) {
    try {
      if (isSkipped(request)) return tracer.newTrace(false);
      IncomingContext extracted = propagation.extract(request, REQUEST_HEADERS);
      if (acceptBaggageFrom != null) extracted = baggageFrom(request, extracted);
      return HttpSpans.start(tracer.nextSpan(extracted), Kind.SERVER, request, requestParser, client(request));
    } catch (RuntimeException e) {
      return tracer.newTrace(false); // a broken adapter must not fail the request
    }
  }

  /**
   * {@code extracted}, without the request's baggage when {@link #acceptBaggageFrom} refuses it.
   * The predicate is asked only when there is baggage; a request without any allocates nothing.
   */
  private IncomingContext baggageFrom(HttpRequestInfo request, IncomingContext extracted) {
    IncomingContext withoutBaggage = extracted.withoutBaggage(); // the same object when it has none
    return withoutBaggage == extracted || acceptBaggageFrom.allows(request) ? extracted : withoutBaggage;
  }

  /** Records the response (or the handler's exception) and finishes the span. Never throws. */
  public void finish(Span span, HttpResponseInfo response) {
    HttpSpans.finish(span, response, responseParser);
  }

  /** The client: the first X-Forwarded-For address when trusted and an IP literal, else the peer. */
  private Endpoint client(HttpRequestInfo request) {
    String forwarded = trustForwardedFor ? request.header("X-Forwarded-For") : null;
    if (forwarded != null) {
      int comma = forwarded.indexOf(',');
      Endpoint.Builder endpoint = Endpoint.builder(null);
      if (endpoint.parseIp((comma < 0 ? forwarded : forwarded.substring(0, comma)).trim())) return endpoint.build();
    }
    return HttpSpans.remoteEndpoint(request.remoteAddress(), null);
  }

  private boolean isSkipped(HttpRequestInfo request) {
    return skipPaths.contains(request.path()) || skip.test(request);
  }

  /** Configures {@link HttpServerTracing}. */
  public static final class Builder {
    private final Tracer tracer;
    private Propagation propagation = B3Propagation.multi();
    private final List<String> skipPaths = new ArrayList<>();
    private Predicate<HttpRequestInfo> skip = request -> false;
    private HttpRequestParser requestParser = HttpRequestParser.DEFAULT;
    private HttpResponseParser responseParser = HttpResponseParser.DEFAULT;
    private boolean trustForwardedFor;
    private Predicate<HttpRequestInfo> acceptBaggageFrom; // null: every request

    private Builder(Tracer tracer) {
      this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** How incoming trace context is read. Default: B3 (multi or single header). */
    public Builder propagation(Propagation propagation) {
      this.propagation = Objects.requireNonNull(propagation, "propagation");
      return this;
    }

    /** Paths never traced, e.g. {@code /health}. */
    public Builder skipPaths(String... paths) {
      skipPaths.addAll(List.of(paths));
      return this;
    }

    /** Requests never traced, in addition to {@link #skipPaths}. */
    public Builder skip(Predicate<HttpRequestInfo> skip) {
      this.skip = Objects.requireNonNull(skip, "skip");
      return this;
    }

    /** Names and tags spans from requests. Default: {@link HttpRequestParser#DEFAULT}. */
    public Builder requestParser(HttpRequestParser requestParser) {
      this.requestParser = Objects.requireNonNull(requestParser, "requestParser");
      return this;
    }

    /** Tags spans from responses. Default: {@link HttpResponseParser#DEFAULT}. */
    public Builder responseParser(HttpResponseParser responseParser) {
      this.responseParser = Objects.requireNonNull(responseParser, "responseParser");
      return this;
    }

    /**
     * Whether the client recorded is the first address of the {@code X-Forwarded-For} header
     * (when it is an IP literal) rather than the peer. Enable it only behind a proxy that sets
     * the header, since clients can forge it. Default: false.
     */
    public Builder trustForwardedFor(boolean trustForwardedFor) {
      this.trustForwardedFor = trustForwardedFor;
      return this;
    }

    /**
     * Which requests' baggage is read: only that of the requests {@code sources} accepts, so that
     * a caller outside your system cannot set the values your services act on and pass on (an
     * internet-facing service whose tracer declares remote fields); e.g. only callers on your
     * private network: {@code request -> request.remoteAddress() != null &&
     * request.remoteAddress().getAddress().isSiteLocalAddress()} (behind a proxy the peer is the
     * proxy: test a header the proxy sets and strips from what it forwards instead). A refused
     * request still joins the caller's trace, ids and sampling decision as usual; its SERVER
     * span's context carries none of the request's baggage, so neither do its children and the
     * calls made from them; baggage that came without a trace context is dropped too. Asked once
     * per traced request, before its SERVER span starts, and only when the request carried
     * baggage; a predicate that throws counts as a refusal (and as misuse, in {@link
     * Tracer#ignoredMisuseCount()}). Default: every request.
     */
    public Builder acceptBaggageFrom(Predicate<HttpRequestInfo> sources) {
      this.acceptBaggageFrom = Objects.requireNonNull(sources, "sources");
      return this;
    }

    /** Returns the server tracing. */
    public HttpServerTracing build() {
      return new HttpServerTracing(this);
    }
  }
}
