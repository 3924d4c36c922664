package io.ziptrace.it.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.PostgresServer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.vertx.VertxTracing;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SQL queries made by a traced Vert.x request handler with the PostgreSQL client, against a real
 * PostgreSQL and stored in a real Zipkin: a CLIENT span per query, child of the request's span,
 * with the statement text and never its parameters.
 */
class VertxSqlTest {
  final ZipkinServer zipkin = ZipkinServer.shared();
  final PostgresServer postgres = PostgresServer.shared();
  AsyncReporter reporter;
  Tracer tracer;
  Vertx vertx;
  Pool pool;
  WebClient client;
  int port;
  final AtomicReference<String> traceId = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx_sql")).reporter(reporter).build();
    vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
            .setDatabase(postgres.database()).setUser(postgres.user()))
        .using(vertx).build();
    await(pool.query("create table if not exists users (id int primary key, name text)").execute());
    await(pool.preparedQuery("insert into users values ($1, $2) on conflict do nothing").execute(Tuple.of(7, "ada")));
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.route().handler(rc -> {
      traceId.set(VertxTracing.span(rc).context().traceIdString());
      rc.next();
    });
    router.get("/users/:id").handler(rc -> pool.preparedQuery("select name from users where id = $1")
        .execute(Tuple.of(Integer.parseInt(rc.pathParam("id"))))
        .onSuccess(rows -> rc.end(rows.iterator().next().getString("name")))
        .onFailure(rc::fail));
    router.get("/broken").handler(rc -> pool.query("select * from no_such_table").execute()
        .onSuccess(rows -> rc.end())
        .onFailure(rc::fail));
    port = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(router).listen(0))
        .actualPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(pool.close());
    await(vertx.close());
    tracer.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  List<zipkin2.Span> storedTrace(String path, int spans) throws Exception {
    io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response =
        await(client.get(port, "127.0.0.1", path).send());
    assertThat(response.statusCode()).isPositive();
    reporter.flush();
    return zipkin.awaitTrace(traceId.get(), spans);
  }

  @Test
  void aQueryIsAClientSpanOfTheRequestWithTheStatementButNotItsParameters() throws Exception {
    List<zipkin2.Span> trace = storedTrace("/users/7", 2);

    zipkin2.Span server = trace.stream().filter(s -> s.kind() == zipkin2.Span.Kind.SERVER).findFirst().orElseThrow();
    zipkin2.Span query = trace.stream().filter(s -> s.kind() == zipkin2.Span.Kind.CLIENT).findFirst().orElseThrow();
    assertThat(server.name()).isEqualTo("get /users/:id");
    assertThat(query.parentId()).isEqualTo(server.id());
    assertThat(query.name()).isEqualTo("select");
    assertThat(query.tags()).containsEntry("sql.query", "select name from users where id = $1")
        .containsEntry("db.system", "postgresql").doesNotContainKey("error");
    assertThat(query.tags().values()).noneMatch(value -> value.contains("ada"));
    assertThat(query.remoteServiceName()).isEqualTo(postgres.database());
    assertThat(query.remoteEndpoint().port()).isEqualTo(postgres.port());
    assertThat(query.timestampAsLong()).isGreaterThanOrEqualTo(server.timestampAsLong());
  }

  @Test
  void aFailedQueryCarriesTheError() throws Exception {
    List<zipkin2.Span> trace = storedTrace("/broken", 2);

    zipkin2.Span query = trace.stream().filter(s -> s.kind() == zipkin2.Span.Kind.CLIENT).findFirst().orElseThrow();
    assertThat(query.tags()).containsKey("error");
    assertThat(query.tags().get("error")).contains("no_such_table");
  }
}
