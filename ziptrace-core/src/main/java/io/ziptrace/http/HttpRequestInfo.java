package io.ziptrace.http;

import java.net.InetSocketAddress;

/**
 * What HTTP tracing reads from a request: a thin view that each framework adapter implements
 * over its own request type, without copying.
 */
public interface HttpRequestInfo {
  /** The method, e.g. {@code GET}. */
  String method();

  /** The path, without the query string, e.g. {@code /users/42}. */
  String path();

  /** The route template that matched, e.g. {@code /users/{id}}, or {@code null} when unknown. */
  default String route() {
    return null;
  }

  /** The first value of a request header (name matched case-insensitively), or {@code null}. */
  String header(String name);

  /**
   * Every value of a request header, one per header field in the order received (name matched
   * case-insensitively), or an empty list. W3C Trace Context needs them all: a repeated {@code
   * traceparent} is invalid, and repeated {@code tracestate} and {@code baggage} fields make one
   * list. The default returns {@link #header}'s value alone; adapters whose framework keeps
   * repeated headers apart override it.
   */
  default java.util.List<String> headers(String name) {
    String value = header(name);
    return value == null ? java.util.List.of() : java.util.List.of(value);
  }

  /**
   * The peer: for a server the client's address, for a client the server's (possibly
   * unresolved; host names are never looked up). {@code null} when unknown.
   */
  default InetSocketAddress remoteAddress() {
    return null;
  }
}
