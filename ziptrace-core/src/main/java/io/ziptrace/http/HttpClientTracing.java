package io.ziptrace.http;

import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.BaggagePropagation;
import io.ziptrace.propagation.HeaderSetter;
import io.ziptrace.propagation.Propagation;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The client side of HTTP tracing, shared by every client adapter: a CLIENT span, child of the
 * context the caller passes, whose context is injected into the outgoing headers.
 * Thread-safe; build one per client.
 *
 * <p>The remote baggage fields declared on the tracer travel with the context, to every
 * destination by default. Two ways keep them from a destination that must not see them (a third
 * party): for one call, pass {@code parent.withoutBaggage()} as the parent; for every call to
 * some destinations, {@link Builder#sendBaggageTo}.
 */
public final class HttpClientTracing {
  private final Tracer tracer;
  private final Propagation propagation;
  private final String remoteServiceName;
  private final HttpRequestParser requestParser;
  private final HttpResponseParser responseParser;
  private final BaggageGate sendBaggageTo; // null: every destination

  private HttpClientTracing(Builder b) {
    this.tracer = b.tracer;
    // Propagation.none() is for a destination that must see nothing of ours: no baggage either.
    this.propagation = b.propagation == Propagation.none() ? b.propagation
        : BaggagePropagation.wrap(b.propagation, b.tracer.baggageFields());
    this.remoteServiceName = b.remoteServiceName;
    this.requestParser = b.requestParser;
    this.responseParser = b.responseParser;
    this.sendBaggageTo = b.sendBaggageTo == null ? null : new BaggageGate(b.sendBaggageTo, "sendBaggageTo", b.tracer);
  }

  /** Client tracing with the defaults: B3 multi-header, the default parsers. */
  public static HttpClientTracing create(Tracer tracer) {
    return builder(tracer).build();
  }

  /** Configures client tracing for {@code tracer}. */
  public static Builder builder(Tracer tracer) {
    return new Builder(tracer);
  }

  /**
   * Starts the CLIENT span of a request as a child of {@code parent}, or of a new trace when
   * {@code parent} is null. Its context is what {@link #inject} sends: without baggage when
   * {@link Builder#sendBaggageTo} refuses the request's destination. Never throws.
   */
  public Span start(TraceContext parent, HttpRequestInfo request) {
    Span span = parent == null ? tracer.newTrace() : tracer.newChild(baggageFor(parent, request));
    try {
      return HttpSpans.start(span, Kind.CLIENT, request, requestParser,
          HttpSpans.remoteEndpoint(request.remoteAddress(), remoteServiceName));
    } catch (RuntimeException e) {
      return span; // a broken adapter must not fail the request
    }
  }

  /** {@code parent}, without its baggage when the request's destination may not receive it. */
  private TraceContext baggageFor(TraceContext parent, HttpRequestInfo request) {
    if (sendBaggageTo == null) return parent;
    TraceContext withoutBaggage = parent.withoutBaggage();
    if (withoutBaggage == parent) return parent; // nothing to keep in: no need to ask
    return sendBaggageTo.allows(request) ? parent : withoutBaggage;
  }

  /**
   * Writes the span's context into the outgoing request with the configured propagation, and
   * the remote baggage fields the context carries (see {@link Builder#sendBaggageTo}).
   */
  public <C> void inject(Span span, C carrier, HeaderSetter<C> setter) {
    propagation.inject(span.context(), carrier, setter);
  }

  /** Records the response (or the failure) and finishes the span. Never throws. */
  public void finish(Span span, HttpResponseInfo response) {
    HttpSpans.finish(span, response, responseParser);
  }

  /** Configures {@link HttpClientTracing}. */
  public static final class Builder {
    private final Tracer tracer;
    private Propagation propagation = B3Propagation.multi();
    private String remoteServiceName;
    private HttpRequestParser requestParser = HttpRequestParser.DEFAULT;
    private HttpResponseParser responseParser = HttpResponseParser.DEFAULT;
    private Predicate<HttpRequestInfo> sendBaggageTo; // null: every destination

    private Builder(Tracer tracer) {
      this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** How context is written into requests. Default: B3 multi-header. */
    public Builder propagation(Propagation propagation) {
      this.propagation = Objects.requireNonNull(propagation, "propagation");
      return this;
    }

    /**
     * Sends no trace headers and no baggage, so the server starts its own traces: the same as
     * {@code propagation(Propagation.none())}.
     */
    public Builder noPropagation() {
      return propagation(Propagation.none());
    }

    /** The service name recorded for the server called, when it is not traced itself. */
    public Builder remoteServiceName(String remoteServiceName) {
      this.remoteServiceName = remoteServiceName;
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
     * Which requests carry baggage: those whose destination {@code destinations} accepts, so
     * that values such as a user id never reach a third party; e.g. only the hosts of your own
     * domain: {@code request -> request.remoteAddress() != null &&
     * request.remoteAddress().getHostString().endsWith(".internal")}. A refused request still carries the
     * trace context; its CLIENT span's context has no baggage, as the destination sees it, so
     * baggage tags are not recorded on that span. Asked once per request, before its CLIENT span
     * starts, and only when the parent carries baggage; a predicate that throws counts as a
     * refusal (and as misuse, in {@link Tracer#ignoredMisuseCount()}). Default: every
     * destination. For a single call, passing {@code parent.withoutBaggage()} does the same.
     */
    public Builder sendBaggageTo(Predicate<HttpRequestInfo> destinations) {
      this.sendBaggageTo = Objects.requireNonNull(destinations, "destinations");
      return this;
    }

    /** Returns the client tracing. */
    public HttpClientTracing build() {
      return new HttpClientTracing(this);
    }
  }
}
