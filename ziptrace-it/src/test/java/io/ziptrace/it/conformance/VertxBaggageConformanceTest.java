package io.ziptrace.it.conformance;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.ziptrace.TraceContext;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;
import io.ziptrace.vertx.VertxTracing;

/**
 * The baggage conformance suite against a Vert.x Web router traced by {@link VertxTracing},
 * whose handler calls with the Vert.x HTTP client.
 */
class VertxBaggageConformanceTest extends BaggageConformance {
  @Override
  RelayUnderTest newRelay() {
    return new VertxRelay();
  }

  /**
   * The handler reads the context with {@link VertxTracing#span(RoutingContext)}; a call whose
   * parent is that context is made straight from the request's Vert.x context, as applications
   * do, and any other parent is given with {@link VertxTracing#withParent}.
   */
  static final class VertxRelay implements RelayUnderTest {
    private Vertx vertx;
    private HttpClientAgent client;

    @Override
    public int start(HttpServerTracing server, HttpClientTracing clientTracing) throws Exception {
      vertx = Vertx.builder().withTracer(VertxTracing.builder(server.tracer()).serverTracing(server)
          .clientTracing(clientTracing).build()).build();
      client = vertx.createHttpClient();
      Router router = Router.router(vertx);
      router.get("/relay").handler(this::relay);
      return VertxServerConformanceTest.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
          .requestHandler(router).listen(0)).actualPort();
    }

    private void relay(RoutingContext rc) {
      TraceContext context = VertxTracing.span(rc).context();
      Future<Void> calls = Future.succeededFuture();
      for (RelayOrder.Call call : RelayOrder.parse(rc.request().query()).calls(context)) {
        calls = calls.compose(ignored -> call.parent() == context
            ? get(call.url())
            : VertxTracing.withParent(vertx, call.parent(), () -> get(call.url())));
      }
      calls.onComplete(done -> {
        if (done.succeeded()) {
          rc.end(RelayOrder.answer(context));
        } else {
          rc.response().setStatusCode(500).end("the relay's call failed: " + done.cause());
        }
      });
    }

    private Future<Void> get(String url) {
      return client.request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET))
          .compose(request -> request.send())
          .compose(response -> response.body().<Void>mapEmpty());
    }

    @Override
    public void close() throws Exception {
      if (vertx != null) VertxServerConformanceTest.await(vertx.close());
    }
  }
}
