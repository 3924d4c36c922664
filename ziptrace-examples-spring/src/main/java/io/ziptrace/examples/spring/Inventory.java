package io.ziptrace.examples.spring;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The backend's table of items, in the in-process H2 database. Boot 4.0.7 observes no JDBC
 * statements, so each query runs in a CLIENT span of its own, a child of the current span,
 * with the database as its remote service: the Dependencies page then shows the backend
 * calling {@code h2}.
 */
final class Inventory {
  /** The span name of a query. */
  static final String QUERY_SPAN = "select items";
  /** The remote service name of the database. */
  static final String DATABASE = "h2";
  private static final String COUNT = "select count(*) from items where stock > 0";

  private final JdbcClient jdbc;
  private final ZiptraceMicrometer tracing;

  Inventory(JdbcClient jdbc, ZiptraceMicrometer tracing) {
    this.jdbc = jdbc;
    this.tracing = tracing;
    jdbc.sql("create table items (name varchar(40) primary key, stock int)").update();
    jdbc.sql("insert into items values ('kettle', 3), ('teapot', 0), ('mug', 12)").update();
  }

  /** Counts the items in stock. */
  int countInStock() {
    TraceContext current = tracing.currentContext();
    Span query = tracing.ziptraceTracer().newChild(current).name(QUERY_SPAN).kind(Kind.CLIENT)
        .remoteEndpoint(Endpoint.of(DATABASE)).tag("sql.query", COUNT).start();
    try (query) {
      return jdbc.sql(COUNT).query(Integer.class).single();
    } catch (RuntimeException e) {
      query.error(e);
      throw e;
    }
  }
}
