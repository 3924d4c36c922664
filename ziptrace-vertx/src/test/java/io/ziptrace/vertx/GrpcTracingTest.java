package io.ziptrace.vertx;

import static io.ziptrace.vertx.VertxTracingTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerResponse;
import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Tags;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Vert.x gRPC server ({@code vertx-grpc-server}) and client ({@code vertx-grpc-client}) on
 * loopback, with raw {@link Buffer} messages so that no generated code is needed, traced into
 * memory: gRPC calls are named and tagged as gRPC calls, other HTTP/2 requests as before.
 */
class GrpcTracingTest {
  static final ServiceName SERVICE = ServiceName.create("ziptrace.vertx.Echo");
  static final String METHOD = "ziptrace.vertx.Echo/Echo";

  final InMemoryReporter spans = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("vertx-grpc")).reporter(spans).build();
  final Vertx vertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
  /** Starts traces of its own, as the calls are made outside any traced request. */
  final GrpcClient client = GrpcClient.client(vertx,
      new HttpClientOptions().setHttp2ClearTextUpgrade(false).setTracingPolicy(TracingPolicy.ALWAYS));
  SocketAddress server;

  @BeforeEach
  void serve() throws Exception {
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.callHandler(ServiceMethod.server(SERVICE, "Echo", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY),
        call -> call.last().onSuccess(request -> echo(request.toString(), call.response())));
    grpc.callHandler(ServiceMethod.server(SERVICE, "Count", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY),
        call -> call.last().onSuccess(request -> {
          for (int i = 1; i <= Integer.parseInt(request.toString()); i++) call.response().write(Buffer.buffer("" + i));
          call.response().end();
        }));
    int port = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(request -> {
          if (request.path().startsWith("/ziptrace.vertx.Echo/") && request.getHeader("content-type").equals("application/grpc")) {
            grpc.handle(request);
          } else {
            plain(request);
          }
        })
        .listen(0)).actualPort();
    server = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  /**
   * Answers {@code plain <body>}, with the {@code grpc-status} and {@code grpc-message} headers the
   * request asks for in {@code x-grpc-status} and {@code x-grpc-message}: a gRPC peer's
   * trailers-only answer, written by hand.
   */
  static void plain(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      HttpServerResponse response = request.response();
      if (request.getHeader("x-grpc-status") != null) response.putHeader("grpc-status", request.getHeader("x-grpc-status"));
      if (request.getHeader("x-grpc-message") != null) response.putHeader("grpc-message", request.getHeader("x-grpc-message"));
      response.end("plain " + body);
    });
  }

  /** Answers {@code echo <request>}; {@code missing} with NOT_FOUND and no message, {@code late} with ABORTED after one. */
  static void echo(String request, GrpcServerResponse<Buffer, Buffer> response) {
    switch (request) {
      case "missing" -> response.status(GrpcStatus.NOT_FOUND).statusMessage("no such key: 100% gone").end();
      case "late" -> {
        response.write(Buffer.buffer("partial"));
        response.status(GrpcStatus.ABORTED).statusMessage("changed meanwhile").end();
      }
      default -> response.end(Buffer.buffer("echo " + request));
    }
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** What the client got: the messages and the status. */
  record Answer(List<String> messages, GrpcStatus status, String statusMessage) {}

  Answer call(String method, String request) throws Exception {
    ServiceMethod<Buffer, Buffer> target =
        ServiceMethod.client(SERVICE, method, GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    return await(client.request(server, target)
        .compose(call -> call.send(Buffer.buffer(request)))
        .compose((GrpcClientResponse<Buffer, Buffer> response) -> {
          List<String> messages = new ArrayList<>();
          response.handler(message -> messages.add(message.toString()));
          return response.end().transform(ended ->
              Future.succeededFuture(new Answer(messages, response.status(), response.statusMessage())));
        }));
  }

  List<FinishedSpan> awaitSpans(int count) throws InterruptedException {
    List<FinishedSpan> finished = spans.awaitCount(count, Duration.ofSeconds(20));
    assertThat(finished).hasSize(count);
    return finished;
  }

  /** Calls {@code method}, checks that the client got {@code status} and {@code messages}; returns the call's two spans. */
  List<FinishedSpan> callAndAwaitSpans(String method, String request, GrpcStatus status, String... messages)
      throws Exception {
    Answer answer = call(method, request);
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.messages()).containsExactly(messages);
    return awaitSpans(2);
  }

  @Test
  void aCallIsAClientAndAServerSpanNamedAfterItsMethodInOneTrace() throws Exception {
    List<FinishedSpan> finished = callAndAwaitSpans("Echo", "hello", GrpcStatus.OK, "echo hello");

    FinishedSpan clientSpan = only(finished, Kind.CLIENT);
    FinishedSpan serverSpan = only(finished, Kind.SERVER);
    for (FinishedSpan span : finished) {
      assertThat(span.name()).isEqualTo(METHOD);
      assertThat(span.tags())
          .containsEntry("rpc.system", "grpc")
          .containsEntry("rpc.service", "ziptrace.vertx.Echo")
          .containsEntry("rpc.method", "Echo")
          .containsEntry(Tags.HTTP_PATH, "/" + METHOD)
          .doesNotContainKey(Tags.ERROR);
    }
    // The server saw the OK status it sent in its trailers; Vert.x hands the client's tracer no trailers.
    assertThat(serverSpan.tags()).containsEntry("grpc.status_code", "OK");
    assertThat(clientSpan.tags()).doesNotContainKey("grpc.status_code");
    // Joined: the server read the client's B3 headers from the call's metadata.
    assertThat(serverSpan.context().traceIdString()).isEqualTo(clientSpan.context().traceIdString());
    assertThat(serverSpan.context().spanId()).isEqualTo(clientSpan.context().spanId());
    assertThat(serverSpan.context().shared()).isTrue();
    assertThat(clientSpan.remoteEndpoint().port()).isEqualTo(server.port());
  }

  @Test
  void aStatusSentWithoutMessagesIsTheErrorOnBothSides() throws Exception {
    List<FinishedSpan> finished = callAndAwaitSpans("Echo", "missing", GrpcStatus.NOT_FOUND);

    // Vert.x's server answers a call that fails before any message "trailers-only": the status
    // travels in the headers, which both sides read.
    for (FinishedSpan span : finished) {
      assertThat(span.name()).isEqualTo(METHOD);
      assertThat(span.tags())
          .containsEntry("grpc.status_code", "NOT_FOUND")
          .containsEntry(Tags.ERROR, "NOT_FOUND: no such key: 100% gone") // grpc-message decoded
          .containsEntry(Tags.HTTP_STATUS_CODE, "200");
    }
  }

  @Test
  void aStatusSentInTrailersAfterAMessageIsTheServersErrorAndUnknownToTheClient() throws Exception {
    List<FinishedSpan> finished = callAndAwaitSpans("Echo", "late", GrpcStatus.ABORTED, "partial");

    assertThat(only(finished, Kind.SERVER).tags())
        .containsEntry("grpc.status_code", "ABORTED")
        .containsEntry(Tags.ERROR, "ABORTED: changed meanwhile");
    // Vert.x hands a client's tracer the response head only, never its trailers: the status
    // is not guessed.
    assertThat(only(finished, Kind.CLIENT).tags())
        .doesNotContainKeys("grpc.status_code", Tags.ERROR)
        .containsEntry("rpc.method", "Echo");
  }

  @Test
  void aStreamingCallIsOneSpanPerSideForAllItsMessages() throws Exception {
    List<FinishedSpan> finished = callAndAwaitSpans("Count", "3", GrpcStatus.OK, "1", "2", "3");

    assertThat(finished).extracting(FinishedSpan::name).containsOnly("ziptrace.vertx.Echo/Count");
    assertThat(only(finished, Kind.SERVER).tags()).containsEntry("grpc.status_code", "OK");
  }

  /** Posts {@code hi} over HTTP/2 with {@code headers}; returns the body of the answer. */
  String post(String uri, String... headers) throws Exception {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setTracingPolicy(TracingPolicy.ALWAYS));
    RequestOptions options = new RequestOptions().setServer(server).setMethod(HttpMethod.POST).setURI(uri);
    for (int i = 0; i < headers.length; i += 2) options.putHeader(headers[i], headers[i + 1]);
    return await(http.request(options)
        .compose(request -> request.send("hi"))
        .compose(response -> response.body().map(Buffer::toString)));
  }

  @Test
  void anyGrpcContentTypeMakesAGrpcCallWhoseTrailersOnlyStatusBothSidesRead() throws Exception {
    String body = post("/raw.Store/Get?ignored=1", "content-type", "application/grpc+json",
        "x-grpc-status", "5", "x-grpc-message", "no%20such%20key%3A 50%25+");

    assertThat(body).isEqualTo("plain hi");
    for (FinishedSpan span : awaitSpans(2)) {
      assertThat(span.name()).isEqualTo("raw.Store/Get");
      assertThat(span.tags())
          .containsEntry("rpc.service", "raw.Store")
          .containsEntry("rpc.method", "Get")
          .containsEntry("grpc.status_code", "NOT_FOUND")
          .containsEntry(Tags.ERROR, "NOT_FOUND: no such key: 50%+"); // '+' is not a space in gRPC
    }
  }

  @Test
  void aStatusCodeOutsideTheSpecificationIsKeptAsSentAndAMalformedMessageAsIs() throws Exception {
    post("/raw.Store/Get", "content-type", "application/grpc", "x-grpc-status", "42", "x-grpc-message", "100%");

    for (FinishedSpan span : awaitSpans(2)) {
      assertThat(span.tags()).containsEntry("grpc.status_code", "42").containsEntry(Tags.ERROR, "42: 100%");
    }
  }

  @Test
  void grpcWebAndPathsThatNameNoMethodAreTracedAsHttp() throws Exception {
    post("/raw.Store/Get", "content-type", "application/grpc-web", "x-grpc-status", "5");
    post("/raw.Store/", "content-type", "application/grpc", "x-grpc-status", "5");

    List<FinishedSpan> finished = awaitSpans(4);
    assertThat(finished).extracting(FinishedSpan::name).containsOnly("POST");
    assertThat(finished).allSatisfy(span -> assertThat(span.tags()).doesNotContainKeys("rpc.system", "grpc.status_code"));
  }

  @Test
  void anHttp2RequestThatIsNotGrpcIsTracedAsHttp() throws Exception {
    String body = post("/ziptrace.vertx.Echo/Echo", "content-type", "text/plain");

    assertThat(body).isEqualTo("plain hi");
    for (FinishedSpan span : awaitSpans(2)) {
      assertThat(span.name()).isEqualTo("POST");
      assertThat(span.tags())
          .containsEntry(Tags.HTTP_PATH, "/ziptrace.vertx.Echo/Echo")
          .containsEntry(Tags.HTTP_STATUS_CODE, "200")
          .doesNotContainKeys("rpc.system", "grpc.status_code");
    }
  }
}
