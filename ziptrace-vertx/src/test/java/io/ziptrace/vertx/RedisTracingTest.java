package io.ziptrace.vertx;

import static io.ziptrace.vertx.HandlerSpans.await;
import static io.ziptrace.vertx.HandlerSpans.callHandler;
import static io.ziptrace.vertx.HandlerSpans.clientSpans;
import static io.ziptrace.vertx.HandlerSpans.serverSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.testservers.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vert.x's Redis client against a real redis-server on loopback, traced into memory. */
class RedisTracingTest {
  static final String KEY = "secret-key-4711";
  static final String VALUE = "secret-value-0815";
  static RedisServer server;

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-app")).reporter(spans).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  Redis redis(RedisServer at, TracingPolicy policy) {
    return Redis.createClient(vertx, new RedisOptions().setConnectionString(at.uri()).setTracingPolicy(policy));
  }

  @Test
  void spansAreNamedAfterTheCommandInLowercase() {
    assertThat(RedisTracing.name("HSET")).isEqualTo("hset");
    assertThat(RedisTracing.name(" get ")).isEqualTo("get");
    assertThat(RedisTracing.name(null)).isEqualTo("command");
    assertThat(RedisTracing.name("")).isEqualTo("command");
  }

  @Test
  void commandsFromAHandlerAreClientSpansOfItsRequestNamedByCommandWithoutArguments() throws Exception {
    Redis redis = redis(server, null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 3, () -> redis.send(Request.cmd(Command.SET).arg(KEY).arg(VALUE))
        .compose(ok -> redis.send(Request.cmd(Command.GET).arg(KEY))));

    FinishedSpan request = serverSpan(finished);
    List<FinishedSpan> commands = clientSpans(finished);
    assertThat(commands).extracting(FinishedSpan::name).containsExactly("set", "get");
    for (FinishedSpan command : commands) {
      assertThat(command.context().parentId()).isEqualTo(request.context().spanId());
      assertThat(command.context().traceIdString()).isEqualTo(request.context().traceIdString());
      assertThat(command.tags())
          .containsEntry("db.system", "redis")
          .containsEntry("redis.command", command.name())
          .doesNotContainKey(Tags.ERROR);
      assertThat(command.remoteEndpoint().serviceName()).isEqualTo("redis");
      assertThat(command.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
      assertThat(command.remoteEndpoint().port()).isEqualTo(server.port());
      assertThat(command.duration()).isPositive();
    }
    assertThat(finished).allSatisfy(span -> assertThat(span.tags().values())
        .noneMatch(value -> value.contains(KEY) || value.contains(VALUE)));
  }

  @Test
  void aRedisErrorReplyIsTheSpansError() throws Exception {
    Redis redis = redis(server, null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 3, () -> redis.send(Request.cmd(Command.SET).arg(KEY).arg(VALUE))
        .compose(ok -> redis.send(Request.cmd(Command.INCR).arg(KEY))));

    FinishedSpan incr = clientSpans(finished).stream().filter(s -> s.name().equals("incr")).findFirst().orElseThrow();
    assertThat(incr.tag(Tags.ERROR)).contains("not an integer").doesNotContain(VALUE);
    assertThat(serverSpan(finished).tag(Tags.HTTP_STATUS_CODE)).isEqualTo("500");
  }

  @Test
  void aBatchIsOneSpanNamedBatch() throws Exception {
    Redis redis = redis(server, null);
    List<FinishedSpan> finished = callHandler(vertx, spans, 2, () -> redis.batch(List.of(
        Request.cmd(Command.SET).arg(KEY).arg(VALUE), Request.cmd(Command.GET).arg(KEY),
        Request.cmd(Command.DEL).arg(KEY))));

    FinishedSpan batch = clientSpans(finished).get(0);
    assertThat(finished).hasSize(2);
    assertThat(batch.name()).isEqualTo("batch");
    assertThat(batch.tags()).containsEntry("redis.command", "batch").doesNotContainKey(Tags.ERROR);
    assertThat(batch.context().parentId()).isEqualTo(serverSpan(finished).context().spanId());
  }

  @Test
  void outsideARequestOnlyTheAlwaysPolicyStartsATrace() throws Exception {
    Response untraced = await(redis(server, null).send(Request.cmd(Command.PING)));
    await(redis(server, TracingPolicy.IGNORE).send(Request.cmd(Command.PING)));
    await(redis(server, TracingPolicy.ALWAYS).send(Request.cmd(Command.ECHO).arg(VALUE)));

    List<FinishedSpan> finished = spans.awaitCount(1, Duration.ofSeconds(20));
    assertThat(untraced.toString()).isEqualTo("PONG");
    assertThat(finished).singleElement().satisfies(root -> {
      assertThat(root.name()).isEqualTo("echo");
      assertThat(root.context().parentId()).isZero();
      assertThat(root.tags().values()).noneMatch(value -> value.contains(VALUE));
    });
  }

  @Test
  void aConnectionLostWhileACommandWaitsIsTheSpansError() throws Exception {
    RedisServer doomed = RedisServer.start();
    Redis redis = redis(doomed, TracingPolicy.ALWAYS);
    await(redis.send(Request.cmd(Command.PING)));
    Future<Response> blocked = redis.send(Request.cmd(Command.BLPOP).arg(KEY).arg(0));
    doomed.close();

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> await(blocked));
    List<FinishedSpan> finished = spans.awaitCount(2, Duration.ofSeconds(20));
    FinishedSpan blpop = finished.stream().filter(s -> s.name().equals("blpop")).findFirst().orElseThrow();
    assertThat(blpop.tags()).containsKey(Tags.ERROR);
    assertThat(failure.getCause()).isNotNull();
  }
}
