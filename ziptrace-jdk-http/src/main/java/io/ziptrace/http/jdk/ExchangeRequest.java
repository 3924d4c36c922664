package io.ziptrace.http.jdk;

import com.sun.net.httpserver.HttpExchange;
import io.ziptrace.http.HttpRequestInfo;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;

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

  /** Every field of the header apart, as received: a repeated {@code traceparent} is invalid. */
  @Override
  public List<String> headers(String name) {
    List<String> values = exchange.getRequestHeaders().get(name);
    return values == null ? List.of() : Collections.unmodifiableList(values);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return exchange.getRemoteAddress();
  }
}
