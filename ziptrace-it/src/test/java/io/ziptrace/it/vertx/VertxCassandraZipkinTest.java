package io.ziptrace.it.vertx;

import static io.ziptrace.it.vertx.VertxApps.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.CassandraClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.testservers.CassandraServer;
import io.ziptrace.vertx.VertxTracing;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CQL statements run by a traced Vert.x request handler with Vert.x's Cassandra client, against a
 * real Cassandra node and stored in a real Zipkin: a CLIENT span per statement, child of the
 * request's span, named by its CQL verb, with the keyspace as remote service and the statement's
 * CQL but never its bound values.
 */
class VertxCassandraZipkinTest {
  static final String KEYSPACE = "shop";
  static final String INSERT = "INSERT INTO users (id, name) VALUES (?, ?)";
  static final String SELECT = "SELECT name FROM users WHERE id = ?";
  static final int ID = 4711;
  static final String NAME = "secret-name-0815";
  static CassandraServer node;

  final ZipkinServer zipkin = ZipkinServer.shared();
  final AtomicReference<String> traceId = new AtomicReference<>();
  AsyncReporter reporter;
  Tracer tracer;
  Vertx vertx;
  CassandraClient cassandra;
  WebClient client;
  int port;

  @BeforeAll
  static void startCassandra() throws Exception {
    node = CassandraServer.start();
    node.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE " + KEYSPACE + ".users (id int PRIMARY KEY, name text)");
  }

  @AfterAll
  static void stopCassandra() {
    if (node != null) node.close();
  }

  @BeforeEach
  void start() throws Exception {
    reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx_cassandra")).reporter(reporter).build();
    vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
    CassandraClientOptions options = new CassandraClientOptions().addContactPoint("127.0.0.1", node.port())
        .setKeyspace(KEYSPACE);
    CassandraServer.patient(options.dataStaxClusterBuilder());
    cassandra = CassandraClient.create(vertx, options);
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.put("/users").handler(rc -> {
      traceId.set(VertxTracing.span(rc).context().traceIdString());
      cassandra.prepare(INSERT).compose(insert -> cassandra.execute(insert.bind(ID, NAME)))
          .compose(inserted -> cassandra.prepare(SELECT))
          .compose(select -> cassandra.executeWithFullFetch(select.bind(ID)))
          .onSuccess(rows -> rc.end(rows.get(0).getString("name")))
          .onFailure(rc::fail);
    });
    port = VertxApps.listen(vertx, router);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(cassandra.close());
    await(vertx.close());
    tracer.close();
  }

  @Test
  void insertAndSelectFromAHandlerAreClientSpansOfTheRequestInZipkin() throws Exception {
    HttpResponse<Buffer> response = await(client.put(port, "127.0.0.1", "/users").send());
    assertThat(response.bodyAsString()).isEqualTo(NAME);
    reporter.flush();
    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId.get(), 3);

    RequestTrace request = RequestTrace.of(trace);
    assertThat(request.server().name()).isEqualTo("put /users");
    assertThat(request.clients()).extracting(zipkin2.Span::name).containsExactlyInAnyOrder("insert", "select");
    assertThat(request.clients()).extracting(s -> s.tags().get("cassandra.query"))
        .containsExactlyInAnyOrder(INSERT, SELECT);
    request.assertCallsAreChildrenOfTheRequest();
    assertThat(request.clients()).allSatisfy(statement -> {
      assertThat(statement.tags()).containsEntry("db.system", "cassandra");
      assertThat(statement.remoteServiceName()).isEqualTo(KEYSPACE);
      assertThat(statement.remoteEndpoint().port()).isEqualTo(node.port());
    });
    request.assertNoTagContains(NAME, Integer.toString(ID));
  }
}
