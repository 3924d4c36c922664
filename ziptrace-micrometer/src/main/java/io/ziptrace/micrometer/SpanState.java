package io.ziptrace.micrometer;

import io.ziptrace.Endpoint;
import io.ziptrace.Span;

/**
 * What the bridge keeps per span, shared by every Micrometer view of it: the ziptrace span, the
 * parts of its remote endpoint (Micrometer sets the name and the address separately, ziptrace
 * takes a whole {@link Endpoint}) and the last error, for {@code FinishedSpan.getError()}.
 */
final class SpanState {
  final Span span;
  private String remoteServiceName;
  private String remoteIp;
  private int remotePort;
  private volatile Throwable error;

  SpanState(Span span) {
    this.span = span;
  }

  Throwable error() {
    return error;
  }

  void error(Throwable error) {
    this.error = error;
    span.error(error);
  }

  /** Sets the remote service name, keeping an address set before. Null is ignored. */
  synchronized void remoteServiceName(String name) {
    if (name == null) return;
    remoteServiceName = name;
    span.remoteEndpoint(remoteEndpoint());
  }

  /**
   * Sets the remote address, keeping a name set before. {@code ip} must be an IP literal (a host
   * name is ignored, as Brave does); a port outside 1..65535 (e.g. -1 for "none") is ignored.
   */
  synchronized void remoteIpAndPort(String ip, int port) {
    if (ip != null && Endpoint.builder(null).parseIp(ip)) remoteIp = ip;
    if (port > 0 && port <= 0xffff) remotePort = port;
    span.remoteEndpoint(remoteEndpoint());
  }

  private Endpoint remoteEndpoint() {
    Endpoint.Builder b = Endpoint.builder(remoteServiceName).port(remotePort);
    b.parseIp(remoteIp);
    return b.build();
  }
}
