package io.ziptrace.vertx;

import io.vertx.core.http.HttpServerResponse;
import io.ziptrace.Span;
import io.ziptrace.http.HttpResponseInfo;
import io.ziptrace.http.HttpServerTracing;

/** The SERVER span of an HTTP request that Vert.x received. */
final class ServerCall implements TracedCall {
  private final Span span;
  private final ServerRequest request;
  private final HttpServerTracing tracing;

  ServerCall(Span span, ServerRequest request, HttpServerTracing tracing) {
    this.span = span;
    this.request = request;
    this.tracing = tracing;
  }

  @Override
  public void end(Object response, VertxTags responseTags, Throwable failure) {
    Throwable error = failure != null ? failure : request.routedFailure();
    tracing.finish(span, HttpResponseInfo.of(request, statusCode(response, responseTags), error));
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
