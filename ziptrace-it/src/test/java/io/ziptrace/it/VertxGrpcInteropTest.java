package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.tracing.TraceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.vertx.VertxTracing;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

/**
 * A Vert.x gRPC server and client ({@code vertx-grpc-server}, {@code vertx-grpc-client}) traced by
 * ziptrace-vertx, meeting grpc-java peers traced by micrometer-core's gRPC observations through
 * ziptrace-micrometer (as in {@link GrpcObservationTest}, whose service they share): a grpc-java
 * client calling the Vert.x server, and the Vert.x client calling a grpc-java server. Each call is
 * one trace in Zipkin whose two spans carry the same name, {@code rpc.service} and {@code
 * rpc.method}, the SERVER span joined to the CLIENT span through the B3 headers the call's
 * metadata carries; a {@code NOT_FOUND} status is tagged on both sides, and is the {@code error}
 * of the side ziptrace-vertx traces.
 */
class VertxGrpcInteropTest {
  static final ServiceMethod<Buffer, Buffer> SERVED = ServiceMethod.server(
      ServiceName.create(GrpcObservationTest.SERVICE), "Echo", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  static final ServiceMethod<Buffer, Buffer> CALLED = ServiceMethod.client(
      ServiceName.create(GrpcObservationTest.SERVICE), "Echo", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  static final String NAME = "ziptrace.it.echo/echo"; // Zipkin lower-cases names

  static ZipkinServer zipkin;
  /** The grpc-java side: its bridge, observation registry and reporter. */
  static GrpcObservationTest.Side grpcJava;
  static Tracer vertxTracer;
  static Vertx vertx;
  static SocketAddress vertxServer;
  static GrpcClient vertxClient;
  static Server grpcJavaServer;
  static ManagedChannel channel;
  /** The context of the SERVER span current in the Vert.x handler, one per call. */
  static final LinkedBlockingQueue<io.ziptrace.TraceContext> servedByVertx = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    zipkin = ZipkinServer.shared();
    grpcJava = new GrpcObservationTest.Side(zipkin.spansUrl(), Tracer.builder().localEndpoint(Endpoint.of("grpc_java")));
    vertxTracer = Spans.tracer("vertx_grpc", Spans.reporter(zipkin.spansUrl(), Encoding.JSON, false));
    vertx = Vertx.builder().withTracer(VertxTracing.create(vertxTracer)).build();
    GrpcServer grpc = GrpcServer.server(vertx).callHandler(SERVED, call -> call.last().onSuccess(request -> {
      io.ziptrace.TraceContext current = VertxTracing.span(Vertx.currentContext()).context();
      servedByVertx.add(current);
      if (request.toString().equals("missing")) {
        call.response().status(GrpcStatus.NOT_FOUND).statusMessage("no such key").end();
      } else {
        call.response().end(Buffer.buffer(current.traceIdString() + "/" + current.spanIdString()));
      }
    }));
    int port = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(grpc).listen(0))
        .actualPort();
    vertxServer = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    // Calls made outside any request start traces of their own.
    vertxClient = GrpcClient.client(vertx,
        new HttpClientOptions().setHttp2ClearTextUpgrade(false).setTracingPolicy(TracingPolicy.ALWAYS));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    grpcJavaServer = GrpcObservationTest.serve(grpcJava);
  }

  /**
   * Leaves nothing in the queue of calls the grpc-java server handled, which {@link
   * GrpcObservationTest} reads too, before and after each test, whatever fails.
   */
  @BeforeEach
  @AfterEach
  void forgetHandledCalls() {
    GrpcObservationTest.handled.clear();
    servedByVertx.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    if (grpcJavaServer != null) grpcJavaServer.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    if (vertx != null) await(vertx.close());
    if (vertxTracer != null) vertxTracer.close();
    if (grpcJava != null) grpcJava.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** A call from grpc-java's client to the Vert.x server. */
  static String grpcJavaCall(String request) {
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(channel, new ObservationGrpcClientInterceptor(grpcJava.registry)),
        GrpcObservationTest.ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  /** A call from the Vert.x client to the grpc-java server: the answer, or the status when there is none. */
  static String vertxCall(String request) throws Exception {
    SocketAddress server = SocketAddress.inetSocketAddress(grpcJavaServer.getPort(), "127.0.0.1");
    return await(vertxClient.request(server, CALLED)
        .compose(call -> call.send(Buffer.buffer(request)))
        .compose(response -> response.last().map(Buffer::toString)
            .otherwise(failure -> response.status().name())));
  }

  /** The trace of the call the Vert.x server handled last: its CLIENT and SERVER spans. */
  static List<Span> callHandledByVertx() throws InterruptedException {
    io.ziptrace.TraceContext served = servedByVertx.poll(10, TimeUnit.SECONDS);
    assertThat(served).as("the Vert.x handler ran in a span").isNotNull();
    return zipkin.awaitTrace(served.traceIdString(), 2);
  }

  /** The trace of the call the grpc-java server handled last: its CLIENT and SERVER spans. */
  static List<Span> callHandledByGrpcJava() throws InterruptedException {
    TraceContext served = GrpcObservationTest.handled.poll(10, TimeUnit.SECONDS);
    assertThat(served).as("the grpc-java handler ran in a span").isNotNull();
    return zipkin.awaitTrace(served.traceId(), 2);
  }

  /** A call's two spans. */
  record Call(Span client, Span server) {}

  /**
   * The call's two spans in {@code trace}, checked to be the call's: one name, one service and
   * method, the SERVER span joined to the CLIENT span.
   */
  static Call oneCall(List<Span> trace, String clientService, String serverService) {
    assertThat(trace).hasSize(2);
    Call call = new Call(span(trace, clientService, Span.Kind.CLIENT), span(trace, serverService, Span.Kind.SERVER));
    for (Span span : trace) {
      assertThat(span.name()).isEqualTo(NAME);
      assertThat(span.tags())
          .containsEntry("rpc.service", GrpcObservationTest.SERVICE)
          .containsEntry("rpc.method", "Echo");
    }
    assertThat(call.server().traceId()).isEqualTo(call.client().traceId());
    assertThat(call.server().id()).isEqualTo(call.client().id());
    assertThat(call.server().shared()).isTrue();
    return call;
  }

  static Span span(List<Span> trace, String service, Span.Kind kind) {
    return trace.stream().filter(s -> service.equals(s.localServiceName()) && s.kind() == kind).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " span of " + service + " in " + trace));
  }

  @Test
  void grpcJavaClientCallingTheVertxServerIsOneTrace() throws Exception {
    String answer = grpcJavaCall("ok");

    Call call = oneCall(callHandledByVertx(), "grpc_java", "vertx_grpc");
    assertThat(answer).isEqualTo(call.client().traceId() + "/" + call.client().id());
    assertThat(call.client().tags()).containsEntry("grpc.status_code", "OK");
    assertThat(call.server().tags()).containsEntry("grpc.status_code", "OK").containsEntry("rpc.system", "grpc");
  }

  @Test
  void notFoundFromTheVertxServerIsTaggedOnBothSides() throws Exception {
    assertThatThrownBy(() -> grpcJavaCall("missing")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    Call call = oneCall(callHandledByVertx(), "grpc_java", "vertx_grpc");
    assertThat(call.client().tags()).containsEntry("grpc.status_code", "NOT_FOUND"); // Micrometer records no error
    assertThat(call.server().tags())
        .containsEntry("grpc.status_code", "NOT_FOUND")
        .containsEntry("error", "NOT_FOUND: no such key");
  }

  @Test
  void vertxClientCallingAGrpcJavaServerIsOneTrace() throws Exception {
    String answer = vertxCall("ok");

    Call call = oneCall(callHandledByGrpcJava(), "vertx_grpc", "grpc_java");
    assertThat(answer).isEqualTo(call.client().traceId() + "/" + call.client().id());
    assertThat(call.server().tags()).containsEntry("grpc.status_code", "OK");
    // grpc-java sends an OK status in trailers, which Vert.x does not hand a client's tracer.
    assertThat(call.client().tags()).doesNotContainKey("grpc.status_code");
  }

  @Test
  void notFoundFromAGrpcJavaServerIsTheVertxClientSpansError() throws Exception {
    assertThat(vertxCall("missing")).isEqualTo("NOT_FOUND");

    Call call = oneCall(callHandledByGrpcJava(), "vertx_grpc", "grpc_java");
    // grpc-java answers a call that fails before any message trailers-only: the Vert.x client reads the status.
    assertThat(call.client().tags())
        .containsEntry("grpc.status_code", "NOT_FOUND")
        .containsEntry("error", "NOT_FOUND: no such key");
    assertThat(call.server().tags()).containsEntry("grpc.status_code", "NOT_FOUND");
  }
}
