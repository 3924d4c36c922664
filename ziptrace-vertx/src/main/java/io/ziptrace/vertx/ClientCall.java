package io.ziptrace.vertx;

import io.vertx.core.spi.observability.HttpResponse;
import io.ziptrace.Span;
import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpResponseInfo;

/** The CLIENT span of an HTTP request that Vert.x sent, named as a gRPC call when it is one ({@link GrpcCalls}). */
final class ClientCall implements TracedCall {
  private final Span span;
  private final ClientRequest request;
  private final HttpClientTracing tracing;
  private final boolean grpc;

  ClientCall(Span span, ClientRequest request, HttpClientTracing tracing) {
    this.span = span;
    this.request = request;
    this.tracing = tracing;
    this.grpc = GrpcCalls.describe(span, request);
  }

  @Override
  public void end(Object response, VertxTags responseTags, Throwable failure) {
    int status = response instanceof HttpResponse ? ((HttpResponse) response).statusCode() : 0;
    if (grpc) GrpcCalls.status(span, response);
    tracing.finish(span, HttpResponseInfo.of(request, status, failure));
  }
}
