package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.ext.web.RoutingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.sampling.Sampler;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Traces a Vert.x 5 application: install it when building Vert.x, and every HTTP request the
 * servers receive, every HTTP request the clients (including {@code WebClient}) send, every
 * event-bus message, every SQL query (Vert.x SQL clients, the JDBC client), every Cassandra
 * statement and every Redis command (Vert.x's Cassandra and Redis clients) and every record the Vert.x Kafka client sends or hands to a record handler becomes a span.
 *
 * <pre>{@code
 * Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
 * router.route().handler(VertxTracing.routes());         // optional: names spans GET /users/:id
 * router.get("/users/:id").handler(rc -> {
 *   Span span = VertxTracing.span(rc);                   // the request's SERVER span
 *   span.tag("user.id", rc.pathParam("id"));
 *   client.get(8081, "127.0.0.1", "/profile").send()     // a CLIENT span, child of the request's
 *       .onSuccess(r -> rc.end(r.bodyAsString()));
 * });
 * }</pre>
 *
 * <p>No thread-locals: each request, event-bus delivery and Kafka record runs on its own (duplicated)
 * Vert.x context, and the span lives there, so it follows the work across callbacks and futures
 * on that context. Outgoing requests and messages sent from a request's context are children of
 * its span; {@link #withParent} gives work another parent. Vert.x's tracing policies apply:
 * {@code IGNORE} records nothing; {@code PROPAGATE}
 * (the default for clients, the event bus and the Kafka client) traces only what continues a
 * trace; {@code ALWAYS} (the default for HTTP servers) also starts traces.
 *
 * <p>Baggage: the fields declared on the tracer arrive on a request's or a message's span context
 * ({@code VertxTracing.span(rc).context().baggage(USER_ID)}) and go out with every request and
 * message sent from its context. To send a value the handler sets, or none at all, give the
 * calls another parent: {@code withParent(vertx, span.context().withBaggage(TENANT, "acme"),
 * ...)} or {@code withParent(vertx, span.context().withoutBaggage(), ...)}; to keep it from some
 * destinations altogether, {@code HttpClientTracing.Builder.sendBaggageTo}. To read the requests'
 * baggage only from trusted callers, give {@link Builder#serverTracing} an {@code
 * HttpServerTracing} built with {@code acceptBaggageFrom}.
 *
 * <p>gRPC calls ({@code vertx-grpc-server}, {@code vertx-grpc-client}) travel as HTTP/2 requests
 * and are traced as such, their spans named {@code <package.Service>/<Method>} and tagged with
 * the {@code rpc.*} tags and the {@code grpc.status_code}, a status other than {@code OK} being
 * the span's error.
 *
 * <p>A request left unanswered (an HTTP handler that never responds, an event-bus consumer that
 * never replies to a request) has its span finished with an error after {@link
 * Builder#responseTimeout}, so that no span waits forever.
 */
public final class VertxTracing implements VertxTracerFactory {
  /** What {@link #span} returns where no request or message is handled: one shared no-op span. */
  private static final Span NOT_TRACED = Tracer.builder().sampler(Sampler.NEVER).build().newTrace(false);

  static {
    // Registers the context key now, before any Vert.x instance built with this factory exists.
    Objects.requireNonNull(ContextSpans.KEY);
  }

  private final Tracer tracer;
  private final HttpServerTracing server;
  private final HttpClientTracing client;
  private final MessageTracing messages;
  private final SqlTracing sql;
  private final ResponseTimeout responseTimeout;
  private final KafkaClientTracing kafka;

  private VertxTracing(Builder b) {
    this.tracer = b.tracer;
    this.server = b.server != null ? b.server : HttpServerTracing.create(b.tracer);
    this.client = b.client != null ? b.client : HttpClientTracing.create(b.tracer);
    this.responseTimeout = new ResponseTimeout(b.responseTimeout);
    this.messages = new MessageTracing(b.tracer, b.messagePropagation, responseTimeout);
    this.sql = new SqlTracing(b.tracer);
    this.kafka = new KafkaClientTracing(b.tracer);
  }

  /** Tracing with the defaults: B3 headers, the default HTTP parsers. */
  public static VertxTracing create(Tracer tracer) {
    return builder(tracer).build();
  }

  /** Configures tracing for {@code tracer}. */
  public static Builder builder(Tracer tracer) {
    return new Builder(tracer);
  }

  /** Called by Vert.x when it is built with this factory; not for applications. */
  @Override
  public VertxTracer<?, ?> tracer(TracingOptions options) {
    return new ZiptraceVertxTracer(tracer, server, client, messages, sql, kafka, responseTimeout);
  }

  /**
   * How many spans were finished with an error because their request was not answered within
   * {@link Builder#responseTimeout}: HTTP requests with no response, event-bus requests with no
   * reply, across every Vert.x instance built with this tracing.
   */
  public long timedOutResponses() {
    return responseTimeout.timedOut();
  }

  /**
   * The span of the HTTP request, event-bus message or Kafka record handled on {@code context} (a
   * handler's {@code Vertx.currentContext()}), or a shared no-op span when there is none. Never
   * null.
   */
  public static Span span(Context context) {
    HandledSpan handled = ContextSpans.get(context);
    return handled != null && handled.span != null ? handled.span : NOT_TRACED;
  }

  /**
   * The SERVER span of the request {@code routingContext} routes; never null: a shared no-op span
   * when the request is not traced or {@code routingContext} is null.
   */
  public static Span span(RoutingContext routingContext) {
    return routingContext == null ? NOT_TRACED : span(routingContext.vertx().getOrCreateContext());
  }

  /**
   * Runs {@code work} so that the HTTP requests, event-bus messages, SQL queries and Redis
   * commands it starts are children of {@code parent} rather than of the request being handled (or of nothing, outside
   * any request): for work that belongs to another trace, such as a batch item or a message
   * taken from a queue. The work runs on a copy of the caller's Vert.x context (or of {@code
   * vertx}'s, outside one), so everything it composes keeps that parent. On it, {@link #span}
   * returns a no-op span: the parent is not a span of this process.
   *
   * <p>A null {@code parent} is a caller's mistake and, as everywhere in ziptrace, never throws:
   * the work still runs on a copy of the context, but with no parent at all (not even the request
   * being handled), as if nothing had been propagated: what it sends is traced as code outside
   * any request is, so a client whose tracing policy is {@code ALWAYS} starts a new trace,
   * decided by the sampler, and one whose policy is {@code PROPAGATE} (the default for clients,
   * the event bus, SQL and Redis) records nothing. The mistake is counted in {@link
   * Tracer#ignoredMisuseCount()} of the tracer {@code vertx} was built with, when that is
   * ziptrace's.
   *
   * @param vertx the Vert.x instance whose context the work runs on
   * @param parent the parent of what the work sends
   * @param work starts the work and returns its outcome
   * @return what {@code work} returns, completed on the copied context
   * @throws NullPointerException when {@code vertx} or {@code work} is null, at once: there is
   *     then nothing to run
   */
  public static <T> Future<T> withParent(Vertx vertx, TraceContext parent, Supplier<Future<T>> work) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(work, "work");
    return ChosenParent.run(vertx, parent, work);
  }

  /**
   * A Vert.x Web handler that records the route template that took each request ({@code
   * /users/:id}, under its router's mount point), so spans are named {@code GET /users/:id} and
   * tagged {@code http.route}, and the failure a handler routes ({@code rc.fail(503, e)}) as the
   * span's error. The route is kept whatever happens next: a handler that hangs, a callback that
   * throws, a connection closed before the response. A handler that fails with no failure
   * handler on its route loses it: Vert.x Web forgets the route as it starts failure handling.
   * Add it first to the root router and to each sub-router: {@code
   * router.route().handler(VertxTracing.routes())}.
   */
  public static Handler<RoutingContext> routes() {
    return RouteRecorder.INSTANCE;
  }

  /** Configures {@link VertxTracing}. */
  public static final class Builder {
    private final Tracer tracer;
    private HttpServerTracing server;
    private HttpClientTracing client;
    private Propagation messagePropagation = B3Propagation.single().withTraceState();
    private Duration responseTimeout = Duration.ofMinutes(5);

    private Builder(Tracer tracer) {
      this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /**
     * How HTTP servers are traced (propagation, skip rules, parsers, whose baggage is read).
     * Default: B3, defaults.
     */
    public Builder serverTracing(HttpServerTracing server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /** How HTTP clients are traced (propagation, parsers). Default: B3 multi-header, defaults. */
    public Builder clientTracing(HttpClientTracing client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * How trace context travels in event-bus message headers. Default: the single {@code b3}
     * header (one header per message; B3 readers accept it), with {@code traceparent} and {@code
     * tracestate} beside it for a trace that has a W3C tracestate ({@link
     * B3Propagation#withTraceState()}), so that other vendors' entries reach the consumer and
     * the calls it makes. {@code B3Propagation.single()} sends {@code b3} alone for every trace,
     * dropping the tracestate. The tracer's remote baggage fields travel beside the trace
     * context, whatever the propagation.
     */
    public Builder messagePropagation(Propagation messagePropagation) {
      this.messagePropagation = Objects.requireNonNull(messagePropagation, "messagePropagation");
      return this;
    }

    /**
     * How long a request may go unanswered before its span is finished with an {@code error}
     * saying so ({@code response not completed within 5 min}): an HTTP request whose handler
     * never responds (it hangs, or a callback that should respond throws), an event-bus request
     * whose consumer never replies (its CONSUMER span). The timer is cancelled when the response
     * or reply goes out, or the connection closes, whichever comes first. Default 5 minutes;
     * {@link Duration#ZERO} turns it off, and such spans then end only when Vert.x ends the
     * request (an HTTP span when the connection closes; a CONSUMER span never).
     *
     * <p>It bounds what Vert.x received, not what it sent: a CLIENT span ends when Vert.x ends
     * the call, so give clients a timeout of their own. A gRPC call whose deadline ({@code
     * grpc-timeout}) is longer than this timeout is allowed its deadline.
     *
     * @throws IllegalArgumentException when {@code responseTimeout} is negative, or shorter than
     *     a millisecond (Vert.x's timers count whole milliseconds) but not zero
     */
    public Builder responseTimeout(Duration responseTimeout) {
      Objects.requireNonNull(responseTimeout, "responseTimeout");
      if (responseTimeout.isNegative() || !responseTimeout.isZero() && responseTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("responseTimeout must be zero (off) or at least 1 ms: "
            + responseTimeout);
      }
      this.responseTimeout = responseTimeout;
      return this;
    }

    /** Returns the tracing, to pass to {@code Vertx.builder().withTracer(...)}. */
    public VertxTracing build() {
      return new VertxTracing(this);
    }
  }
}
