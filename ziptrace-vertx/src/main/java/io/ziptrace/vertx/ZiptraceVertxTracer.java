package io.ziptrace.vertx;

import io.vertx.core.Context;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What Vert.x calls for every request it receives or sends: recognises HTTP (gRPC calls among
 * them, see {@link GrpcCalls}), event-bus, SQL, Cassandra and Redis calls, and records of Vert.x's
 * Kafka client, from the tags Vert.x describes them with, and hands each to the shared HTTP
 * tracing, to {@link MessageTracing}, to {@link SqlTracing}, to {@link CassandraTracing}, to
 * {@link RedisTracing} or to {@link KafkaClientTracing}. Anything else is not traced. Never throws
 * into Vert.x: a failure is logged and the call goes untraced.
 */
final class ZiptraceVertxTracer implements VertxTracer<TracedCall, TracedCall> {
  private static final System.Logger LOG = System.getLogger(VertxTracing.class.getName());

  private final Tracer tracer;
  private final HttpServerTracing server;
  private final HttpClientTracing client;
  private final MessageTracing messages;
  private final SqlTracing sql;
  private final ResponseTimeout responseTimeout;
  private final RedisTracing redis;
  private final CassandraTracing cassandra;
  private final KafkaClientTracing kafka;

  ZiptraceVertxTracer(Tracer tracer, HttpServerTracing server, HttpClientTracing client, MessageTracing messages,
      SqlTracing sql, KafkaClientTracing kafka, ResponseTimeout responseTimeout) {
    this.tracer = tracer;
    this.server = server;
    this.client = client;
    this.messages = messages;
    this.sql = sql;
    this.responseTimeout = responseTimeout;
    this.redis = new RedisTracing(tracer);
    this.cassandra = new CassandraTracing(tracer);
    this.kafka = kafka;
  }

  /** The tracer this Vert.x instance traces with, e.g. to count a caller's mistake as misuse. */
  Tracer tracer() {
    return tracer;
  }

  @Override
  public <R> TracedCall receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
      String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    if (policy == TracingPolicy.IGNORE) return null;
    try {
      VertxTags tags = VertxTags.of(request, tagExtractor);
      Headers incoming = new Headers(headers);
      if (KafkaClientTracing.isRecord(kind, tags)) return kafka.receive(context, policy, incoming, tags);
      if (isMessage(tags)) return messages.receive(context, incoming, tags, operation, request);
      if (tags.get("http.request.method") == null) return null;
      if (policy == TracingPolicy.PROPAGATE && server.propagation().extract(incoming, Headers.GETTER).isEmpty()) {
        return null;
      }
      ServerRequest info = new ServerRequest(tags, incoming, request, null);
      Span span = server.start(info);
      HandledSpan handled = new HandledSpan(span);
      ContextSpans.put(context, handled);
      ServerCall call = new ServerCall(span, info.withSpan(handled), server);
      if (span.isNoop()) return call; // it records nothing: no timer to finish it
      return responseTimeout.watch(context, call, "response not completed", call.deadline());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not trace a request Vert.x received; it goes untraced", e);
      return null;
    }
  }

  @Override
  public <R> void sendResponse(Context context, R response, TracedCall call, Throwable failure, TagExtractor<R> tags) {
    end(call, response, tags, failure);
  }

  @Override
  public <R> TracedCall sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
      String operation, BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    if (policy == TracingPolicy.IGNORE) return null;
    try {
      VertxTags tags = VertxTags.of(request, tagExtractor);
      if (KafkaClientTracing.isRecord(kind, tags)) return kafka.send(context, policy, tags, headers);
      Sent sent = sent(request, tags);
      if (sent == null) return null;
      CallParent parent = CallParent.of(context, policy);
      if (parent == null) return null; // nothing to continue, and the policy starts no trace
      switch (sent) {
        case MESSAGE: return messages.send(parent, tags, operation, headers);
        case CASSANDRA_STATEMENT: return cassandra.statement(parent, tags);
        case SQL_QUERY: return sql.query(parent, tags);
        case REDIS_COMMAND: return redis.command(parent, tags);
        default: // HTTP_REQUEST
          ClientRequest info = new ClientRequest((HttpRequest) request);
          Span span = client.start(parent.context(), info);
          client.inject(span, headers, BiConsumer::accept);
          return new ClientCall(span, info, client);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not trace a request Vert.x sent; it goes untraced", e);
      return null;
    }
  }

  @Override
  public <R> void receiveResponse(Context context, R response, TracedCall call, Throwable failure, TagExtractor<R> tags) {
    end(call, response, tags, failure);
  }

  private static <R> void end(TracedCall call, R response, TagExtractor<R> tags, Throwable failure) {
    if (call == null) return;
    try {
      call.end(response, VertxTags.of(response, tags), failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not finish a span of a Vert.x call", e);
    }
  }

  /** What an outgoing call traced by this class is. */
  private enum Sent { HTTP_REQUEST, MESSAGE, CASSANDRA_STATEMENT, SQL_QUERY, REDIS_COMMAND }

  /**
   * What {@code request} is, or null when it is nothing traced. An HTTP request, the commonest,
   * is known by its type, with no scan of its tags; a Cassandra statement before SQL, since
   * Vert.x describes both with {@code db.query.text}.
   */
  private static Sent sent(Object request, VertxTags tags) {
    if (request instanceof HttpRequest) return Sent.HTTP_REQUEST;
    if (isMessage(tags)) return Sent.MESSAGE;
    if (CassandraTracing.isStatement(tags)) return Sent.CASSANDRA_STATEMENT;
    if (SqlTracing.isQuery(tags)) return Sent.SQL_QUERY;
    if (RedisTracing.isCommand(tags)) return Sent.REDIS_COMMAND;
    return null;
  }

  private static boolean isMessage(VertxTags tags) {
    return "vertx-eventbus".equals(tags.get("messaging.system"));
  }
}
