package io.ziptrace.http.jdk;

import io.ziptrace.http.HttpRequestInfo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/** A {@link HttpRequest} as HTTP tracing reads it. */
final class ClientRequest implements HttpRequestInfo {
  private final HttpRequest request;

  ClientRequest(HttpRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    String path = request.uri().getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  @Override
  public String header(String name) {
    return request.headers().firstValue(name).orElse(null);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers().allValues(name);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    URI uri = request.uri();
    if (uri.getHost() == null) return null;
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    return InetSocketAddress.createUnresolved(host, port);
  }
}
