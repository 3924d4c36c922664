package io.ziptrace.it.conformance;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.vertx.VertxTracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The client conformance suite against the Vert.x HTTP client traced by {@link VertxTracing}.
 * Vert.x takes a client call's parent from the request being handled on the caller's context,
 * so a call with a parent is made by a traced relay server that joined it from a {@code b3}
 * header; a call without one is made on a plain Vert.x context.
 */
class VertxClientConformanceTest extends HttpClientConformance {
  @Override
  ClientUnderTest newClient() {
    return new VertxClient();
  }

  /** The relay answers 200 with {@code status contextSpanId} or {@code failed message}. */
  static final class VertxClient implements ClientUnderTest {
    private static final String METHOD = "x-relay-method";
    private static final String URL = "x-relay-url";

    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private Vertx vertx;
    private HttpClientAgent client;
    private int relayPort;

    @Override
    public void start(Tracer tracer, HttpClientTracing tracing) throws Exception {
      vertx = Vertx.builder().withTracer(VertxTracing.builder(tracer).clientTracing(tracing).build()).build();
      // ALWAYS: a call made outside any traced request starts a new trace instead of going untraced
      client = vertx.createHttpClient(new HttpClientOptions().setTracingPolicy(TracingPolicy.ALWAYS));
      relayPort = VertxServerConformanceTest.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
          .requestHandler(this::relay).listen(0)).actualPort();
    }

    private void relay(HttpServerRequest request) {
      request.body()
          .compose(body -> call(request.getHeader(METHOD), request.getHeader(URL), body.length() == 0 ? null : body.toString()))
          .onComplete(call -> request.response().end(
              call.succeeded() ? call.result() + " " + contextSpanId() : "failed " + call.cause()));
    }

    private Future<Integer> call(String method, String url, String body) {
      RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.valueOf(method))
          .setFollowRedirects(true);
      return client.request(options)
          .compose(request -> body == null ? request.send() : request.send(body))
          .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    /** The span id of what the running callback sees as its span, or null when it sees none. */
    private static String contextSpanId() {
      Span span = VertxTracing.span(Vertx.currentContext());
      return span.isNoop() ? null : span.context().spanIdString();
    }

    @Override
    public int send(TraceContext parent, String method, String url, String body) throws Exception {
      return sendAsync(parent, method, url, body).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status();
    }

    @Override
    public CompletableFuture<Callback> sendAsync(TraceContext parent, String url) {
      return sendAsync(parent, "GET", url, null);
    }

    private CompletableFuture<Callback> sendAsync(TraceContext parent, String method, String url, String body) {
      if (parent == null) return sendFromPlainContext(method, url, body);
      HttpRequest.Builder relayed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relayPort + "/"))
          .timeout(WAIT).header(METHOD, method).header(URL, url)
          .POST(body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
      B3Propagation.single().inject(parent, relayed, HttpRequest.Builder::header);
      return plain.sendAsync(relayed.build(), BodyHandlers.ofString()).thenApply(response -> {
        String[] answer = response.body().split(" ", 2);
        if (answer[0].equals("failed")) throw new CompletionException(new IOException(answer[1]));
        return new Callback(Integer.parseInt(answer[0]), answer[1].equals("null") ? null : answer[1]);
      });
    }

    private CompletableFuture<Callback> sendFromPlainContext(String method, String url, String body) {
      CompletableFuture<Callback> done = new CompletableFuture<>();
      Context context = vertx.getOrCreateContext();
      context.runOnContext(ignored -> call(method, url, body).onComplete(call -> {
        if (call.succeeded()) {
          done.complete(new Callback(call.result(), contextSpanId()));
        } else {
          done.completeExceptionally(call.cause());
        }
      }));
      return done;
    }

    @Override
    public void close() throws Exception {
      if (vertx != null) VertxServerConformanceTest.await(vertx.close());
    }
  }
}
