package io.ziptrace.http;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import java.net.InetSocketAddress;

/** What server and client HTTP tracing share: parsing safely and recording the peer. */
final class HttpSpans {
  private static final System.Logger LOG = System.getLogger(HttpSpans.class.getName());

  private HttpSpans() {}

  /** Names, tags and starts the span, recording {@code remote} (may be null) as the peer; a failing parser is logged, never thrown. */
  static Span start(Span span, Kind kind, HttpRequestInfo request, HttpRequestParser parser, Endpoint remote) {
    span.kind(kind);
    if (span.isNoop()) return span;
    try {
      parser.parse(request, span);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "HTTP request parser failed", e);
    }
    if (remote != null) span.remoteEndpoint(remote);
    return span.start();
  }

  /** Tags and finishes the span; a failing parser is logged, never thrown. */
  static void finish(Span span, HttpResponseInfo response, HttpResponseParser parser) {
    if (span == null) return;
    if (!span.isNoop()) {
      try {
        parser.parse(response, span);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "HTTP response parser failed", e);
      }
    }
    span.finish();
  }

  /** The peer as an endpoint, from an IP literal or resolved address only; never a DNS lookup. */
  static Endpoint remoteEndpoint(InetSocketAddress address, String serviceName) {
    if (address == null && serviceName == null) return null;
    Endpoint.Builder endpoint = Endpoint.builder(serviceName);
    if (address != null) {
      if (address.getAddress() != null) {
        endpoint.ip(address.getAddress());
      } else {
        endpoint.parseIp(address.getHostString());
      }
      endpoint.port(address.getPort());
    }
    Endpoint built = endpoint.build();
    return built.isEmpty() ? null : built;
  }
}
