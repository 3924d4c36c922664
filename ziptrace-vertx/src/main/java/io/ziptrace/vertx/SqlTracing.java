package io.ziptrace.vertx;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import java.util.Locale;

/**
 * SQL client tracing (the PostgreSQL, MySQL... clients of Vert.x): a CLIENT span per query, child
 * of the span handled on the caller's context, named after the statement's verb ({@code select},
 * {@code insert}), tagged {@code sql.query} with the statement text (Vert.x never hands the
 * parameters to the tracer, so they are never recorded), with the database as remote service and
 * its address as remote endpoint.
 */
final class SqlTracing {
  /** The tag holding the statement text. */
  static final String QUERY_TAG = "sql.query";

  private final Tracer tracer;

  SqlTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Whether Vert.x describes the request as a database query. */
  static boolean isQuery(VertxTags tags) {
    return tags.get("db.query.text") != null;
  }

  /** The CLIENT span of a query about to run from a context that {@code parent} describes. */
  TracedCall query(CallParent parent, VertxTags tags) {
    Span span = parent.newSpan(tracer);
    String sql = tags.get("db.query.text");
    span.kind(Kind.CLIENT).name(verb(sql)).tag(QUERY_TAG, sql);
    Endpoint database = database(tags);
    if (database != null) span.remoteEndpoint(database);
    return new SpanCall(span.start());
  }

  /** The first word of the statement, lowercase: {@code select}, {@code insert}; {@code query} if none. */
  static String verb(String sql) {
    String trimmed = sql.strip();
    int end = 0;
    while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) end++;
    return end == 0 ? "query" : trimmed.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /** The database (its name, else its system) at the address Vert.x connected to. */
  private static Endpoint database(VertxTags tags) {
    String name = tags.get("db.namespace");
    if (name == null || name.isEmpty()) name = tags.get("db.system");
    String address = tags.get("network.peer.address");
    int colon = address == null ? -1 : address.lastIndexOf(':');
    Endpoint built = colon > 0
        ? SocketAddresses.peer(name, address.substring(0, colon), address.substring(colon + 1))
        : SocketAddresses.peer(name, null, null);
    return built.isEmpty() ? null : built;
  }
}
