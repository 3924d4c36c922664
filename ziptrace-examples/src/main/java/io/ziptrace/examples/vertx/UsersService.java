package io.ziptrace.examples.vertx;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.vertx.VertxTracing;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The service behind the front: {@code GET /users/:id} answers the user's name, which it reads
 * with one SQL query from an in-process H2 database through Vert.x's JDBC client.
 */
final class UsersService implements AutoCloseable {
  static final String NAME = "vertx-users";
  /** The user the front service asks for. */
  static final int USER_ID = 7;
  static final String USER_NAME = "Ada";
  static final String QUERY = "select name from users where id = ?";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final TracedVertx traced;
  private final Pool pool;
  private final int port;

  UsersService(Function<Endpoint, Tracer> tracers) {
    traced = new TracedVertx(NAME, tracers, VertxTracing::create);
    // One database per demo, in memory: it lives while the pool holds a connection to it.
    String url = "jdbc:h2:mem:users" + DATABASES.incrementAndGet();
    pool = JDBCPool.pool(traced.vertx, new JDBCConnectOptions().setJdbcUrl(url), new PoolOptions().setMaxSize(2));
    // Outside any request, so not traced: SQL clients only continue traces.
    TracedVertx.await(pool.query("create table users (id int primary key, name varchar(40))").execute());
    TracedVertx.await(pool.query("insert into users values (" + USER_ID + ", '" + USER_NAME + "')").execute());
    Router router = Router.router(traced.vertx);
    router.route().handler(VertxTracing.routes());
    router.get("/users/:id").handler(this::user);
    port = TracedVertx.await(traced.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(router).listen(0)).actualPort();
  }

  /** This service's URL. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  private void user(RoutingContext rc) {
    int id;
    try {
      id = Integer.parseInt(rc.pathParam("id"));
    } catch (NumberFormatException e) {
      rc.fail(400, e);
      return;
    }
    pool.preparedQuery(QUERY).execute(Tuple.of(id))
        .onSuccess(rows -> answer(rc, rows))
        .onFailure(rc::fail);
  }

  private static void answer(RoutingContext rc, RowSet<Row> rows) {
    if (rows.size() == 0) {
      rc.fail(404);
      return;
    }
    rc.response().putHeader("content-type", "text/plain; charset=utf-8").end(rows.iterator().next().getString(0));
  }

  @Override
  public void close() {
    try {
      TracedVertx.await(pool.close());
    } finally {
      traced.close();
    }
  }
}
