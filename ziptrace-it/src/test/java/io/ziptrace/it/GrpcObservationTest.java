package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import io.ziptrace.reporting.AsyncReporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

/**
 * Any library that emits Micrometer Observations reports through ziptrace-micrometer: a plain
 * (non-Spring) grpc-java service and client over Netty on loopback, traced only by micrometer-core's
 * {@link ObservationGrpcServerInterceptor} and {@link ObservationGrpcClientInterceptor}, each side
 * with its own bridge and Micrometer Tracing's three standard handlers, reporting to a real Zipkin.
 *
 * <p>The service is defined without generated code: one unary method with UTF-8 string messages.
 * The server answers {@code ok} with the ids of the span current in its handler, fails {@code
 * missing} with {@code NOT_FOUND} and {@code boom} by throwing.
 *
 * <p>It proves, from the spans Zipkin returns: the CLIENT and SERVER spans make one trace, both
 * named {@code <service>/<method>} and tagged {@code rpc.*} and {@code grpc.status_code} by
 * Micrometer's gRPC conventions; the SERVER span shares the CLIENT span's id, because the bridge
 * joins an extracted context when the ziptrace tracer supports joining (its default), and is the
 * CLIENT span's child when it is built with {@code supportsJoin(false)}; a
 * {@code NOT_FOUND} status is tagged on both sides with no {@code error} tag, and a throwing
 * handler is an {@code error} on the SERVER span only, as Micrometer records them; a call made
 * inside an observation is that observation's child.
 */
class GrpcObservationTest {
  static final String SERVICE = "ziptrace.it.Echo";
  static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();

  static ZipkinServer zipkin;
  static Side client;
  static Side server;
  /** A server whose tracer does not join: {@code supportsJoin(false)}, as the guide builds it. */
  static Side childServer;
  static Server grpcServer;
  static Server childGrpcServer;
  static ManagedChannel channel;
  static ManagedChannel childChannel;
  /** The context current in the server handler, one per call. */
  static final LinkedBlockingQueue<TraceContext> handled = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    zipkin = ZipkinServer.shared();
    client = new Side(zipkin.spansUrl(), Tracer.builder().localEndpoint(Endpoint.of("grpc_client")));
    server = new Side(zipkin.spansUrl(), Tracer.builder().localEndpoint(Endpoint.of("grpc_server")));
    childServer = new Side(zipkin.spansUrl(),
        Tracer.builder().localEndpoint(Endpoint.of("grpc_child_server")).supportsJoin(false));
    grpcServer = serve(server);
    childGrpcServer = serve(childServer);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    childChannel = NettyChannelBuilder.forAddress("127.0.0.1", childGrpcServer.getPort()).usePlaintext().build();
  }

  /** Starts the echo service on a loopback port, traced by {@code side}. */
  static Server serve(Side side) throws IOException {
    ServerServiceDefinition echo = ServerServiceDefinition.builder(SERVICE)
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
          TraceContext current = side.bridge.tracer().currentTraceContext().context();
          handled.add(current);
          switch (request) {
            case "missing" -> response.onError(Status.NOT_FOUND.withDescription("no such key").asRuntimeException());
            case "boom" -> throw new IllegalStateException("handler failed");
            default -> {
              response.onNext(current.traceId() + "/" + current.spanId());
              response.onCompleted();
            }
          }
        }))
        .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerInterceptors.intercept(echo, new ObservationGrpcServerInterceptor(side.registry)))
        .build()
        .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ManagedChannel c : new ManagedChannel[] {channel, childChannel}) {
      if (c != null) c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    for (Server s : new Server[] {grpcServer, childGrpcServer}) {
      if (s != null) s.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    for (Side side : new Side[] {client, server, childServer}) {
      if (side != null) side.close();
    }
  }

  static String call(String request) {
    return call(channel, request);
  }

  static String call(ManagedChannel to, String request) {
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(to, new ObservationGrpcClientInterceptor(client.registry)),
        ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  /** The CLIENT and SERVER spans of the call the server handled last, as Zipkin returns them. */
  static List<Span> lastCallInZipkin(int spans) throws InterruptedException {
    TraceContext served = handled.poll(10, TimeUnit.SECONDS);
    assertThat(served).as("the server handler ran in a span").isNotNull();
    return zipkin.awaitTrace(served.traceId(), spans);
  }

  static Span kind(List<Span> trace, Span.Kind kind) {
    return trace.stream().filter(s -> s.kind() == kind).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " span in " + trace));
  }

  @Test
  void callIsOneTraceOfClientAndServerSpan() throws InterruptedException {
    String answer = call("ok");

    List<Span> trace = lastCallInZipkin(2);
    assertThat(trace).hasSize(2);
    Span clientSpan = kind(trace, Span.Kind.CLIENT);
    Span serverSpan = kind(trace, Span.Kind.SERVER);
    // Micrometer's conventions name both spans after the full method name.
    assertThat(clientSpan.name()).isEqualTo("ziptrace.it.echo/echo"); // Zipkin lower-cases names
    assertThat(serverSpan.name()).isEqualTo("ziptrace.it.echo/echo");
    assertThat(clientSpan.localServiceName()).isEqualTo("grpc_client");
    assertThat(serverSpan.localServiceName()).isEqualTo("grpc_server");
    // Joined: the receiver handler extracts the B3 headers and the ziptrace tracer supports
    // joining, so the SERVER span shares the CLIENT span's id and parent.
    assertThat(serverSpan.id()).isEqualTo(clientSpan.id());
    assertThat(serverSpan.shared()).isTrue();
    assertThat(serverSpan.parentId()).isEqualTo(clientSpan.parentId()).isNull();
    assertThat(answer).isEqualTo(clientSpan.traceId() + "/" + clientSpan.id());
    for (Span span : trace) {
      assertThat(span.tags())
          .containsEntry("rpc.service", SERVICE)
          .containsEntry("rpc.method", "Echo")
          .containsEntry("rpc.type", "UNARY")
          .containsEntry("grpc.status_code", "OK")
          .doesNotContainKey("error");
    }
    // The peer is in tags only: Micrometer's gRPC contexts set no remote service name or address,
    // which the tracing handlers would have turned into a remote endpoint.
    assertThat(clientSpan.tags())
        .containsEntry("net.peer.name", "127.0.0.1")
        .containsEntry("net.peer.port", String.valueOf(grpcServer.getPort()));
    assertThat(clientSpan.remoteEndpoint()).isNull();
    // Micrometer's message events become annotations.
    assertThat(clientSpan.annotations()).extracting(zipkin2.Annotation::value).containsExactly("sent", "received");
    assertThat(serverSpan.annotations()).extracting(zipkin2.Annotation::value).containsExactly("received", "sent");
  }

  @Test
  void serverThatDoesNotJoinStartsAChildOfTheClientSpan() throws InterruptedException {
    String answer = call(childChannel, "ok");

    List<Span> trace = lastCallInZipkin(2);
    Span clientSpan = kind(trace, Span.Kind.CLIENT);
    Span serverSpan = kind(trace, Span.Kind.SERVER);
    assertThat(serverSpan.localServiceName()).isEqualTo("grpc_child_server");
    assertThat(serverSpan.parentId()).isEqualTo(clientSpan.id());
    assertThat(serverSpan.id()).isNotEqualTo(clientSpan.id());
    assertThat(serverSpan.shared()).isNull();
    assertThat(answer).isEqualTo(serverSpan.traceId() + "/" + serverSpan.id());
  }

  @Test
  void notFoundIsTheStatusCodeOnBothSides() throws InterruptedException {
    assertThatThrownBy(() -> call("missing")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    List<Span> trace = lastCallInZipkin(2);
    for (Span span : trace) {
      assertThat(span.tags()).containsEntry("grpc.status_code", "NOT_FOUND");
    }
    // Micrometer records an error only for a status with a cause; NOT_FOUND has none on either side.
    assertThat(kind(trace, Span.Kind.CLIENT).tags()).doesNotContainKey("error");
    assertThat(kind(trace, Span.Kind.SERVER).tags()).doesNotContainKey("error");
  }

  @Test
  void throwingHandlerIsAnErrorOnTheServerSpan() throws InterruptedException {
    assertThatThrownBy(() -> call("boom")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN));

    List<Span> trace = lastCallInZipkin(2);
    Span clientSpan = kind(trace, Span.Kind.CLIENT);
    Span serverSpan = kind(trace, Span.Kind.SERVER);
    // grpc closes the call with UNKNOWN caused by the exception: the server side records it as the
    // error; the cause does not cross the wire, so the client records the status code alone.
    assertThat(serverSpan.tags()).containsEntry("grpc.status_code", "UNKNOWN").containsEntry("error", "handler failed");
    assertThat(clientSpan.tags()).containsEntry("grpc.status_code", "UNKNOWN").doesNotContainKey("error");
  }

  @Test
  void callInsideAnObservationIsItsChild() throws InterruptedException {
    Observation checkout = Observation.start("checkout", client.registry);
    String parentId;
    try (Observation.Scope scope = checkout.openScope()) {
      parentId = client.bridge.tracer().currentSpan().context().spanId();
      call("ok");
    } finally {
      checkout.stop();
    }

    List<Span> trace = lastCallInZipkin(3);
    Span parent = trace.stream().filter(s -> "checkout".equals(s.name())).findFirst().orElseThrow();
    assertThat(parent.id()).isEqualTo(parentId);
    assertThat(parent.kind()).isNull();
    assertThat(kind(trace, Span.Kind.CLIENT).parentId()).isEqualTo(parentId);
    assertThat(kind(trace, Span.Kind.SERVER).parentId()).isEqualTo(parentId);
  }

  /** One traced process: its reporter to Zipkin, its bridge, and an observation registry over it. */
  static final class Side implements AutoCloseable {
    final AsyncReporter reporter;
    final ZiptraceMicrometer bridge;
    final ObservationRegistry registry = ObservationRegistry.create();

    Side(String spansUrl, Tracer.Builder tracer) {
      reporter = Spans.reporter(spansUrl, Encoding.JSON, false);
      bridge = ZiptraceMicrometer.builder(tracer)
          .reporter(reporter)
          .build();
      registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
          new PropagatingSenderTracingObservationHandler<>(bridge.tracer(), bridge.propagator()),
          new PropagatingReceiverTracingObservationHandler<>(bridge.tracer(), bridge.propagator()),
          new DefaultTracingObservationHandler(bridge.tracer())));
    }

    @Override
    public void close() {
      bridge.close();
      bridge.ziptraceTracer().close();
      reporter.close();
    }
  }

  /** Messages as UTF-8 text, so that the service needs no generated code. */
  static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
