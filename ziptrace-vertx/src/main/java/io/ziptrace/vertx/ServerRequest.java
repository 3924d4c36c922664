package io.ziptrace.vertx;

import io.vertx.core.http.HttpServerRequest;
import io.ziptrace.http.HttpRequestInfo;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * An incoming Vert.x HTTP request as HTTP tracing reads it. Built from the tags Vert.x hands the
 * tracer, so that it works whatever object Vert.x passes as the request (newer releases may pass
 * HTTP/2 headers instead of an {@link HttpServerRequest}); the peer's address comes from the
 * request when it is one.
 */
final class ServerRequest implements HttpRequestInfo {
  private final VertxTags tags;
  private final Headers headers;
  private final Object request;
  private final HandledSpan handled;

  ServerRequest(VertxTags tags, Headers headers, Object request, HandledSpan handled) {
    this.tags = tags;
    this.headers = headers;
    this.request = request;
    this.handled = handled;
  }

  @Override
  public String method() {
    return tags.get("http.request.method");
  }

  @Override
  public String path() {
    String path = tags.get("url.path");
    return path != null ? path : "/";
  }

  @Override
  public String route() {
    return handled == null ? null : handled.route();
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> headers(String name) {
    return headers.getAll(name);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    if (!(request instanceof HttpServerRequest)) return null;
    return SocketAddresses.toPeer(((HttpServerRequest) request).remoteAddress());
  }

  /** The failure a Vert.x Web handler routed, or null. */
  Throwable routedFailure() {
    return handled == null ? null : handled.failure();
  }

  ServerRequest withSpan(HandledSpan handled) {
    return new ServerRequest(tags, headers, request, handled);
  }
}
