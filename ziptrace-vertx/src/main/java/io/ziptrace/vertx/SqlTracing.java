package io.ziptrace.vertx;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import java.util.Locale;

/**
 * SQL client tracing (the PostgreSQL, MySQL... clients of Vert.x): a CLIENT span per query, child
 * of the span handled on the caller's context, named after the statement's verb ({@code select},
 * {@code insert}), tagged {@code sql.query} with the statement text and {@code db.system} with
 * the database system Vert.x names ({@code postgresql}) (Vert.x never hands the parameters to the
 * tracer, so they are never recorded), with the database as remote service and
 * its IP and port, when Vert.x knows the IP, as remote endpoint. Vert.x's JDBC client ({@code
 * JDBCPool}) is traced the same way, its database named by {@code JDBCConnectOptions.setDatabase}
 * (else {@code other_sql}, what Vert.x says of every JDBC database).
 */
final class SqlTracing {
  /** The tag holding the statement text. */
  static final String QUERY_TAG = "sql.query";
  /**
   * The tag naming the database system as Vert.x names it ({@code postgresql}, {@code mysql},
   * {@code other_sql} for JDBC, {@code cassandra}, {@code redis}), on every database client
   * span, so that one search finds a system's calls across services.
   */
  static final String SYSTEM_TAG = "db.system";

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
    String system = tags.get(SYSTEM_TAG);
    if (system != null && !system.isEmpty()) span.tag(SYSTEM_TAG, system);
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

  /** The database as a remote service: its name, else its system ({@code postgresql}, {@code other_sql}). */
  static String remoteService(VertxTags tags) {
    String name = tags.get("db.namespace");
    return name == null || name.isEmpty() ? tags.get(SYSTEM_TAG) : name;
  }

  /**
   * The database (see {@link #remoteService}) at the address Vert.x connected to. Vert.x writes
   * that address as {@code ip:port}, with {@code null} for the IP when it knows none: a server
   * named by its host name, or the JDBC client's placeholder for a URL that names no server (an
   * in-process database such as H2's), whose port 1234 is made up: {@link SocketAddresses#peer}
   * records no port without an IP.
   */
  private static Endpoint database(VertxTags tags) {
    Endpoint built = SocketAddresses.peer(remoteService(tags), tags.get("network.peer.address"));
    return built.isEmpty() ? null : built;
  }
}
