package io.ziptrace.vertx;

import io.vertx.core.http.HttpServerResponse;
import io.ziptrace.Span;
import io.ziptrace.http.HttpResponseInfo;
import io.ziptrace.http.HttpServerTracing;
import java.time.Duration;

/** The SERVER span of an HTTP request that Vert.x received, named as a gRPC call when it is one ({@link GrpcCalls}). */
final class ServerCall implements TracedCall {
  private final Span span;
  private final ServerRequest request;
  private final HttpServerTracing tracing;
  private final boolean grpc;

  ServerCall(Span span, ServerRequest request, HttpServerTracing tracing) {
    this.span = span;
    this.request = request;
    this.tracing = tracing;
    this.grpc = GrpcCalls.describe(span, request);
  }

  /**
   * How long the call itself says it may last: a gRPC call's deadline ({@link GrpcCalls#timeout});
   * null for any other request.
   */
  Duration deadline() {
    return grpc ? GrpcCalls.timeout(request.header("grpc-timeout")) : null;
  }

  @Override
  public void end(Object response, VertxTags responseTags, Throwable failure) {
    Throwable error = failure != null ? failure : request.routedFailure();
    int status = statusCode(response, responseTags);
    if (response instanceof HttpServerResponse) {
      HttpServerResponse sent = (HttpServerResponse) response;
      // A response never written reads 200 all the same: record no status for it. Vert.x ends the
      // call of an HTTP/2 stream the client reset without a failure: record that it gave up.
      if (!sent.headWritten()) status = 0;
      if (!sent.ended() && error == null) error = ClientGaveUp.INSTANCE;
    }
    if (!grpc) {
      tracing.finish(span, HttpResponseInfo.of(request, status, error));
      return;
    }
    if (status > 0) GrpcCalls.status(span, response);
    // The gRPC method names the span: no route renames it (a router that hands calls to a gRPC server).
    tracing.finish(span, HttpResponseInfo.of(request.withSpan(null), status, error));
  }

  /** The error of a request whose client gave up (an HTTP/2 stream reset) before the response was sent. */
  static final class ClientGaveUp extends RuntimeException {
    static final ClientGaveUp INSTANCE = new ClientGaveUp();
    private static final long serialVersionUID = 1L;

    private ClientGaveUp() {
      super("the client gave up before the response was sent", null, false, false);
    }
  }

  private static int statusCode(Object response, VertxTags tags) {
    if (response instanceof HttpServerResponse) return ((HttpServerResponse) response).getStatusCode();
    String status = tags.get("http.response.status_code");
    try {
      return status == null ? 0 : Integer.parseInt(status);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
