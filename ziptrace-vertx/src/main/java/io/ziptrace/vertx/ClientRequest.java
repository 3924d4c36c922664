package io.ziptrace.vertx;

import io.vertx.core.spi.observability.HttpRequest;
import io.ziptrace.http.HttpRequestInfo;
import java.net.InetSocketAddress;
import java.util.List;

/** An outgoing Vert.x HTTP request as HTTP tracing reads it: the server called is the peer. */
final class ClientRequest implements HttpRequestInfo {
  private final HttpRequest request;

  ClientRequest(HttpRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    String uri = request.uri();
    if (uri == null || uri.isEmpty()) return "/";
    int query = uri.indexOf('?');
    String path = query >= 0 ? uri.substring(0, query) : uri;
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public String header(String name) {
    return request.headers() == null ? null : request.headers().get(name);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers() == null ? List.of() : request.headers().getAll(name);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return SocketAddresses.toInet(request.remoteAddress());
  }
}
