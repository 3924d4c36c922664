package io.ziptrace.vertx;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;

/**
 * Cassandra client tracing (Vert.x's Cassandra client): a CLIENT span per statement, child of the
 * span handled on the caller's context, as {@link SqlTracing} traces a SQL query.
 *
 * <p>The span is named after the CQL verb in lowercase ({@code select}, {@code insert}; {@code
 * batch} for a batch statement), and the statement text is tagged {@value #QUERY_TAG}, the name
 * Zipkin's Cassandra instrumentation has always used: CQL is not SQL, and a tag of its own keeps a
 * search for SQL queries from finding Cassandra statements; {@code db.system=cassandra} is
 * tagged as on every database client span. For a prepared statement the text is
 * the one prepared, with its {@code ?} markers: Vert.x never hands the bound values to the tracer,
 * so they are never recorded.
 *
 * <p>The remote service is the session's keyspace, as {@link SqlTracing} names the database, or
 * {@code cassandra} when the session has none. The remote address is recorded only when the
 * session knows exactly one node: Vert.x names every node the session knows, not the one the
 * driver picked, so with several none is recorded rather than a guess. A CQL error, such as a
 * syntax error or an unknown table, or a node lost while a statement waits, fails the call, and
 * the span carries it as {@code error}.
 */
final class CassandraTracing {
  /** The tag holding the statement's CQL. */
  static final String QUERY_TAG = "cassandra.query";
  /** What Vert.x names the database system of a Cassandra statement, and the remote service without keyspace. */
  static final String SYSTEM = "cassandra";
  /** The text Vert.x gives for a batch statement instead of its CQL. */
  private static final String BATCH = "_batch_";

  private final Tracer tracer;

  CassandraTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Whether Vert.x describes the request as a Cassandra statement. */
  static boolean isStatement(VertxTags tags) {
    return SYSTEM.equals(tags.get(SqlTracing.SYSTEM_TAG));
  }

  /** The CLIENT span of a statement about to run from a context that {@code parent} describes. */
  TracedCall statement(CallParent parent, VertxTags tags) {
    String cql = tags.get("db.query.text");
    Span span = parent.newSpan(tracer).kind(Kind.CLIENT).name(name(cql)).tag(SqlTracing.SYSTEM_TAG, SYSTEM);
    if (cql != null && !BATCH.equals(cql)) span.tag(QUERY_TAG, cql);
    span.remoteEndpoint(node(SqlTracing.remoteService(tags), tags.get("network.peer.address")));
    return new SpanCall(span.start());
  }

  /** The CQL verb in lowercase, {@code batch} for a batch; {@code query} when there is no verb. */
  static String name(String cql) {
    if (cql == null) return "query";
    return BATCH.equals(cql) ? "batch" : SqlTracing.verb(cql);
  }

  /**
   * {@code service} at the node Vert.x names when it names exactly one. Vert.x joins the driver's
   * name of every node, as {@code [127_0_0_1:9042,127_0_0_2:9042]}: the host with its dots
   * replaced by underscores, a colon and the port (an SNI proxy's name has its server name after
   * the port, and is no node's address).
   */
  static Endpoint node(String service, String nodes) {
    String node = nodes == null ? "" : nodes.strip();
    if (node.startsWith("[") && node.endsWith("]")) node = node.substring(1, node.length() - 1);
    if (node.indexOf(',') >= 0) return Endpoint.of(service);
    return SocketAddresses.peer(service, node.replace('_', '.'));
  }
}
