package io.ziptrace.http.jdk;

import com.sun.net.httpserver.HttpExchange;
import io.ziptrace.http.HttpRequestInfo;
import java.net.InetSocketAddress;

/** An {@link HttpExchange} as HTTP tracing reads it. */
final class ExchangeRequest implements HttpRequestInfo {
  private final HttpExchange exchange;
  private final String route;

  ExchangeRequest(HttpExchange exchange, String route) {
    this.exchange = exchange;
    this.route = route;
  }

  @Override
  public String method() {
    return exchange.getRequestMethod();
  }

  @Override
  public String path() {
    return exchange.getRequestURI().getRawPath();
  }

  @Override
  public String route() {
    return route;
  }

  @Override
  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return exchange.getRemoteAddress();
  }
}
