package io.ziptrace.vertx;

import static io.ziptrace.vertx.HandlerSpans.await;
import static io.ziptrace.vertx.HandlerSpans.callHandler;
import static io.ziptrace.vertx.HandlerSpans.clientSpans;
import static io.ziptrace.vertx.HandlerSpans.serverSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.CassandraClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.testservers.CassandraServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vert.x's Cassandra client against a real Cassandra node on loopback, traced into memory. */
class CassandraTracingTest {
  static final String KEYSPACE = "shop";
  static final String SECRET = "secret-name-4711";
  static CassandraServer server;

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-app")).reporter(spans).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();

  @BeforeAll
  static void startCassandra() throws Exception {
    server = CassandraServer.start();
    server.execute("CREATE KEYSPACE " + KEYSPACE
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE " + KEYSPACE + ".users (id int PRIMARY KEY, name text)");
  }

  @AfterAll
  static void stopCassandra() {
    server.close();
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  CassandraClient client(String keyspace, TracingPolicy policy) {
    CassandraClientOptions options = new CassandraClientOptions().addContactPoint("127.0.0.1", server.port());
    CassandraServer.patient(options.dataStaxClusterBuilder());
    if (keyspace != null) options.setKeyspace(keyspace);
    if (policy != null) options.setTracingPolicy(policy);
    return CassandraClient.create(vertx, options);
  }

  static FinishedSpan named(List<FinishedSpan> finished, String name) {
    return finished.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void spansAreNamedAfterTheCqlVerbAndABatchIsBatch() {
    assertThat(CassandraTracing.name("SELECT * FROM users")).isEqualTo("select");
    assertThat(CassandraTracing.name(" insert into users (id) values (?)")).isEqualTo("insert");
    assertThat(CassandraTracing.name("_batch_")).isEqualTo("batch");
    assertThat(CassandraTracing.name("unknown statement type")).isEqualTo("unknown");
    assertThat(CassandraTracing.name(null)).isEqualTo("query");
  }

  @Test
  void theNodeIsTheRemoteAddressOnlyWhenTheSessionKnowsExactlyOne() {
    assertThat(CassandraTracing.node("shop", "[127_0_0_1:9042]"))
        .isEqualTo(Endpoint.builder("shop").ipv4("127.0.0.1").port(9042).build());
    assertThat(CassandraTracing.node("shop", "[0:0:0:0:0:0:0:1:9042]"))
        .isEqualTo(Endpoint.builder("shop").ipv6("::1").port(9042).build());
    assertThat(CassandraTracing.node("shop", "[127_0_0_1:9042,127_0_0_2:9042]")).isEqualTo(Endpoint.of("shop"));
    assertThat(CassandraTracing.node("shop", "[cassandra_example_com:9042]")).isEqualTo(Endpoint.of("shop"));
    assertThat(CassandraTracing.node("shop", "[127_0_0_1:9042_node1.example.com]")).isEqualTo(Endpoint.of("shop"));
    assertThat(CassandraTracing.node("shop", "[127_0_0_1:99999]")).isEqualTo(Endpoint.of("shop"));
    assertThat(CassandraTracing.node("shop", "[]")).isEqualTo(Endpoint.of("shop"));
    assertThat(CassandraTracing.node("shop", null)).isEqualTo(Endpoint.of("shop"));
  }

  @Test
  void statementsFromAHandlerAreClientSpansOfItsRequest_withTheCqlAndTheNode() throws Exception {
    CassandraClient cassandra = client(KEYSPACE, null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 3,
        () -> cassandra.execute("INSERT INTO users (id, name) VALUES (1, 'a')")
            .compose(ok -> cassandra.execute("SELECT name FROM users WHERE id = 1")));

    FinishedSpan request = serverSpan(finished);
    List<FinishedSpan> statements = clientSpans(finished);
    assertThat(statements).extracting(FinishedSpan::name).containsExactly("insert", "select");
    assertThat(statements.get(1).tags()).containsEntry("cassandra.query", "SELECT name FROM users WHERE id = 1");
    for (FinishedSpan statement : statements) {
      assertThat(statement.context().parentId()).isEqualTo(request.context().spanId());
      assertThat(statement.context().traceIdString()).isEqualTo(request.context().traceIdString());
      assertThat(statement.tags()).doesNotContainKeys(Tags.ERROR, "sql.query").containsEntry("db.system", "cassandra");
      assertThat(statement.remoteEndpoint())
          .isEqualTo(Endpoint.builder(KEYSPACE).ipv4("127.0.0.1").port(server.port()).build());
      assertThat(statement.duration()).isPositive();
    }
  }

  @Test
  void aPreparedStatementsSpanHasItsCqlButNeverTheBoundValues() throws Exception {
    CassandraClient cassandra = client(KEYSPACE, null);
    String cql = "INSERT INTO users (id, name) VALUES (?, ?)";
    List<FinishedSpan> finished = callHandler(vertx, spans, 2, () -> cassandra.prepare(cql)
        .compose(prepared -> cassandra.execute(prepared.bind(4711, SECRET))));

    FinishedSpan insert = clientSpans(finished).get(0);
    assertThat(insert.name()).isEqualTo("insert");
    assertThat(insert.tags()).containsEntry("cassandra.query", cql);
    assertThat(finished).allSatisfy(span -> assertThat(span.toString() + span.tags()).doesNotContain(SECRET, "4711"));
  }

  @Test
  void aBatchIsOneSpanNamedBatch() throws Exception {
    CassandraClient cassandra = client(KEYSPACE, null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 2, () -> cassandra.execute(BatchStatement.newInstance(
        DefaultBatchType.LOGGED,
        SimpleStatement.newInstance("INSERT INTO users (id, name) VALUES (2, 'b')"),
        SimpleStatement.newInstance("INSERT INTO users (id, name) VALUES (3, 'c')"))));

    FinishedSpan batch = clientSpans(finished).get(0);
    assertThat(finished).hasSize(2);
    assertThat(batch.name()).isEqualTo("batch");
    assertThat(batch.tags()).doesNotContainKeys("cassandra.query", Tags.ERROR);
    assertThat(batch.context().parentId()).isEqualTo(serverSpan(finished).context().spanId());
  }

  @Test
  void aCqlErrorIsTheSpansError() throws Exception {
    CassandraClient cassandra = client(KEYSPACE, null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 3, () -> cassandra.execute("SELEKT * FROM users")
        .recover(syntaxError -> cassandra.execute("SELECT * FROM no_such_table")));

    assertThat(named(finished, "selekt").tag(Tags.ERROR)).isNotEmpty();
    assertThat(named(finished, "select").tag(Tags.ERROR)).containsIgnoringCase("no_such_table");
    assertThat(serverSpan(finished).tag(Tags.HTTP_STATUS_CODE)).isEqualTo("500");
  }

  @Test
  void withoutKeyspaceTheRemoteServiceIsCassandra_andOutsideARequestOnlyAlwaysStartsATrace() throws Exception {
    await(client(null, null).execute("SELECT release_version FROM system.local"));
    await(client(null, TracingPolicy.IGNORE).execute("SELECT release_version FROM system.local"));
    await(client(null, TracingPolicy.ALWAYS).execute("SELECT cluster_name FROM system.local"));

    List<FinishedSpan> finished = spans.awaitCount(1, Duration.ofSeconds(30));
    assertThat(finished).singleElement().satisfies(root -> {
      assertThat(root.name()).isEqualTo("select");
      assertThat(root.tags()).containsEntry("cassandra.query", "SELECT cluster_name FROM system.local");
      assertThat(root.context().parentId()).isZero();
      assertThat(root.remoteEndpoint().serviceName()).isEqualTo("cassandra");
    });
  }

  @Test
  void aNodeLostBeforeAStatementIsTheSpansError() throws Exception {
    CassandraServer doomed = CassandraServer.start();
    CassandraClientOptions options = new CassandraClientOptions().addContactPoint("127.0.0.1", doomed.port())
        .setTracingPolicy(TracingPolicy.ALWAYS);
    CassandraServer.patient(options.dataStaxClusterBuilder());
    CassandraClient cassandra = CassandraClient.create(vertx, options);
    await(cassandra.execute("SELECT release_version FROM system.local"));
    doomed.close();

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> await(cassandra.execute("SELECT cluster_name FROM system.local")));
    List<FinishedSpan> finished = spans.awaitCount(2, Duration.ofSeconds(30));
    assertThat(finished).filteredOn(span -> span.tags().containsKey(Tags.ERROR))
        .singleElement().satisfies(lost -> assertThat(lost.tag("cassandra.query")).contains("cluster_name"));
    assertThat(failure.getCause()).isNotNull();
  }
}
