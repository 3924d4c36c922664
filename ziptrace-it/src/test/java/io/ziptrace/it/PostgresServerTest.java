package io.ziptrace.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared PostgreSQL server answers a real client: Vert.x's reactive PostgreSQL driver. */
class PostgresServerTest {
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void connect() {
    PostgresServer server = PostgresServer.shared();
    PgConnectOptions options = new PgConnectOptions()
        .setHost(server.host())
        .setPort(server.port())
        .setDatabase(server.database())
        .setUser(server.user());
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx).build();
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (pool != null) await(pool.close());
    if (vertx != null) await(vertx.close());
  }

  @Test
  void answersASimpleQuery() throws Exception {
    RowSet<Row> rows = await(pool.query("select 1 as one").execute());

    assertThat(rows.size()).isEqualTo(1);
    assertThat(rows.iterator().next().getInteger("one")).isEqualTo(1);
  }

  @Test
  void connectsToTheTestDatabase() throws Exception {
    RowSet<Row> rows = await(pool.query("select current_database() as db").execute());

    assertThat(rows.iterator().next().getString("db")).isEqualTo(PostgresServer.shared().database());
  }

  @Test
  void storesAndReturnsRows() throws Exception {
    await(pool.query("create table notes (id int primary key, body text not null)").execute());
    await(pool.preparedQuery("insert into notes (id, body) values ($1, $2)")
        .executeBatch(List.of(Tuple.of(1, "first"), Tuple.of(2, "second"))));

    RowSet<Row> rows = await(pool.preparedQuery("select id, body from notes where id >= $1 order by id")
        .execute(Tuple.of(1)));

    List<String> seen = new ArrayList<>();
    for (Row row : rows) seen.add(row.getInteger("id") + "=" + row.getString("body"));
    assertThat(seen).containsExactly("1=first", "2=second");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, SECONDS);
  }
}
