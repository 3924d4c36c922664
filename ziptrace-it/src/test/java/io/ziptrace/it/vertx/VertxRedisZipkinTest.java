package io.ziptrace.it.vertx;

import static io.ziptrace.it.vertx.VertxApps.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.testservers.RedisServer;
import io.ziptrace.vertx.VertxTracing;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis commands sent by a traced Vert.x request handler with Vert.x's Redis client, against a
 * real redis-server and stored in a real Zipkin: a CLIENT span per command, child of the request's
 * span, named by the command and never carrying its arguments.
 */
class VertxRedisZipkinTest {
  static final String KEY = "cart:user-4711";
  static final String VALUE = "three-apples-0815";

  final ZipkinServer zipkin = ZipkinServer.shared();
  final RedisServer redisServer = RedisServer.shared();
  final AtomicReference<String> traceId = new AtomicReference<>();
  AsyncReporter reporter;
  Tracer tracer;
  Vertx vertx;
  Redis redis;
  WebClient client;
  int port;

  @BeforeEach
  void start() throws Exception {
    reporter = AsyncReporter.create(HttpSender.create(zipkin.spansUrl()));
    tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx_redis")).reporter(reporter).build();
    vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
    redis = Redis.createClient(vertx, redisServer.uri());
    Router router = Router.router(vertx);
    router.route().handler(VertxTracing.routes());
    router.put("/carts/:user").handler(rc -> {
      traceId.set(VertxTracing.span(rc).context().traceIdString());
      redis.send(Request.cmd(Command.SET).arg(KEY).arg(VALUE))
          .compose(ok -> redis.send(Request.cmd(Command.GET).arg(KEY)))
          .onSuccess(stored -> rc.end(stored.toString()))
          .onFailure(rc::fail);
    });
    port = VertxApps.listen(vertx, router);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(redis.close());
    await(vertx.close());
    tracer.close();
  }

  @Test
  void setAndGetFromAHandlerAreClientSpansOfTheRequestInZipkin() throws Exception {
    HttpResponse<Buffer> response = await(client.put(port, "127.0.0.1", "/carts/4711").send());
    assertThat(response.bodyAsString()).isEqualTo(VALUE);
    reporter.flush();
    List<zipkin2.Span> trace = zipkin.awaitTrace(traceId.get(), 3);

    RequestTrace request = RequestTrace.of(trace);
    assertThat(request.server().name()).isEqualTo("put /carts/:user");
    assertThat(request.clients()).extracting(zipkin2.Span::name).containsExactlyInAnyOrder("set", "get");
    request.assertCallsAreChildrenOfTheRequest();
    assertThat(request.clients()).allSatisfy(command -> {
      assertThat(command.tags()).containsEntry("db.system", "redis").containsEntry("redis.command", command.name());
      assertThat(command.remoteServiceName()).isEqualTo("redis");
      assertThat(command.remoteEndpoint().port()).isEqualTo(redisServer.port());
    });
    request.assertNoTagContains(KEY, VALUE);
  }
}
