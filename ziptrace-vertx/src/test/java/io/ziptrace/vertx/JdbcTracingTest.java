package io.ziptrace.vertx;

import static io.ziptrace.vertx.HandlerSpans.await;
import static io.ziptrace.vertx.HandlerSpans.callHandler;
import static io.ziptrace.vertx.HandlerSpans.clientSpans;
import static io.ziptrace.vertx.HandlerSpans.serverSpan;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Vert.x's JDBC client (JDBCPool) over an in-memory H2 database, traced into memory. */
class JdbcTracingTest {
  static final String SECRET = "secret-name-0815";

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-app")).reporter(spans).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  /** A pool on a fresh in-memory H2 database with a users table; {@code database} names it, if given. */
  Pool pool(String name, String database) throws Exception {
    JDBCConnectOptions options = new JDBCConnectOptions().setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    if (database != null) options.setDatabase(database);
    Pool pool = JDBCPool.pool(vertx, options, new PoolOptions().setMaxSize(1));
    await(pool.query("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40))").execute());
    return pool;
  }

  @Test
  void aQueryFromAHandlerIsAClientSpanNamedByItsVerb_withoutParametersOrMadeUpPort() throws Exception {
    Pool pool = pool("verbs", null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 2, () -> pool.preparedQuery("INSERT INTO users VALUES (?, ?)")
        .execute(Tuple.of(4711, SECRET)));

    FinishedSpan insert = clientSpans(finished).get(0);
    assertThat(insert.name()).isEqualTo("insert");
    assertThat(insert.context().parentId()).isEqualTo(serverSpan(finished).context().spanId());
    assertThat(insert.tags()).containsEntry("sql.query", "INSERT INTO users VALUES (?, ?)")
        .containsEntry("db.system", "other_sql").doesNotContainKey(Tags.ERROR);
    // The JDBC client says other_sql of every database, and 1234 is the port of its placeholder address.
    assertThat(insert.remoteEndpoint()).isEqualTo(Endpoint.of("other_sql"));
    assertThat(finished).allSatisfy(span -> assertThat(span.toString()).doesNotContain(SECRET, "4711"));
  }

  @Test
  void theDatabaseNameGivenToThePoolIsTheRemoteService() throws Exception {
    Pool pool = pool("named", "users");
    List<FinishedSpan> finished = callHandler(vertx, spans, 2, () -> pool.query("SELECT name FROM users").execute());

    assertThat(clientSpans(finished).get(0).name()).isEqualTo("select");
    assertThat(clientSpans(finished).get(0).remoteEndpoint()).isEqualTo(Endpoint.of("users"));
  }

  @Test
  void aFailedQueryIsTheSpansError() throws Exception {
    Pool pool = pool("failing", null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 2, () -> pool.query("SELECT * FROM no_such_table").execute());

    assertThat(clientSpans(finished).get(0).tag(Tags.ERROR)).containsIgnoringCase("no_such_table");
    assertThat(serverSpan(finished).tag(Tags.HTTP_STATUS_CODE)).isEqualTo("500");
  }
}
