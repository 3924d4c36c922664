package io.ziptrace.vertx;

import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import java.util.Locale;

/**
 * Redis client tracing (Vert.x's Redis client): a CLIENT span per command, or one per batch of
 * pipelined commands, child of the span handled on the caller's context, with {@code redis} as
 * remote service at the address the connection reached.
 *
 * <p>The span is named after the command in lowercase ({@code get}, {@code hset}, {@code batch} for
 * a batch), as {@link SqlTracing} names a query after its verb: a small, fixed set of names that
 * Zipkin can list and search (Zipkin lowercases span names), never a key or a value. The command
 * is also tagged {@value #COMMAND_TAG}, with {@code db.system=redis}, so a search by tag finds
 * Redis calls whatever the span name. Arguments are never recorded: they hold the application's
 * keys and values, and Vert.x does not hand them to the tracer anyway. A Redis error reply or a
 * connection lost while a command waits fails the call, and the span carries it as {@code error}.
 */
final class RedisTracing {
  /** The tag holding the command name, lowercase. */
  static final String COMMAND_TAG = "redis.command";
  /** The remote service of every Redis span. */
  static final String SERVICE = "redis";

  private final Tracer tracer;

  RedisTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Whether Vert.x describes the request as a Redis command. */
  static boolean isCommand(VertxTags tags) {
    return SERVICE.equals(tags.get(SqlTracing.SYSTEM_TAG));
  }

  /** The CLIENT span of a command about to be sent from a context that {@code parent} describes. */
  TracedCall command(CallParent parent, VertxTags tags) {
    Span span = parent.newSpan(tracer);
    String command = name(tags.get("db.operation.name"));
    span.kind(Kind.CLIENT).name(command).tag(SqlTracing.SYSTEM_TAG, SERVICE).tag(COMMAND_TAG, command);
    span.remoteEndpoint(SocketAddresses.peer(SERVICE, tags.get("network.peer.address"), tags.get("network.peer.port")));
    return new SpanCall(span.start());
  }

  /** The command in lowercase; {@code command} when Vert.x gives none. */
  static String name(String command) {
    if (command == null || command.isBlank()) return "command";
    return command.strip().toLowerCase(Locale.ROOT);
  }
}
