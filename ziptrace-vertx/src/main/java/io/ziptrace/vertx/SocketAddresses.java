package io.ziptrace.vertx;

import io.vertx.core.net.SocketAddress;
import io.ziptrace.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Vert.x socket addresses as the JDK's; recording a peer never does a DNS lookup. */
final class SocketAddresses {
  private SocketAddresses() {}

  /**
   * {@code serviceName} at the IP literal and port Vert.x describes a peer with (as tag values),
   * the address recorded whole or not at all: a port alone tells nothing (a server named by its
   * host name) or something false (the JDBC client's placeholder port), and an IP without its
   * port (a port that is not one) is no address Vert.x reached. No DNS lookup.
   */
  static Endpoint peer(String serviceName, String ip, String port) {
    Endpoint.Builder endpoint = Endpoint.builder(serviceName);
    int number = port == null ? -1 : portNumber(port);
    if (number >= 0 && ip != null && endpoint.parseIp(ip)) endpoint.port(number);
    return endpoint.build();
  }

  private static int portNumber(String port) {
    try {
      int number = Integer.parseInt(port);
      return number <= 0xffff ? number : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** As {@link #peer(String, String, String)}, from one {@code ip:port} text; no address when it is not one. */
  static Endpoint peer(String serviceName, String ipAndPort) {
    int colon = ipAndPort == null ? -1 : ipAndPort.lastIndexOf(':');
    return colon > 0
        ? peer(serviceName, ipAndPort.substring(0, colon), ipAndPort.substring(colon + 1))
        : peer(serviceName, null, null);
  }

  /** {@code address}, unresolved: a client's destination may be a host name, kept as given. */
  static InetSocketAddress toInet(SocketAddress address) {
    if (address == null || address.hostAddress() == null || address.port() < 0) return null;
    return InetSocketAddress.createUnresolved(address.hostAddress(), address.port());
  }

  /**
   * A server's peer, resolved from its IP literal without any lookup, as the JDK server gives it:
   * so that a predicate on the request (such as {@code HttpServerTracing.Builder.acceptBaggageFrom})
   * can test {@code remoteAddress().getAddress().isLoopbackAddress()} whatever the server. {@code
   * getHostString()} is still the literal Vert.x gave; unresolved when that is not an IP literal.
   */
  static InetSocketAddress toPeer(SocketAddress address) {
    InetSocketAddress unresolved = toInet(address);
    if (unresolved == null) return null;
    String literal = unresolved.getHostString();
    Endpoint.Builder ip = Endpoint.builder(null);
    if (!ip.parseIp(literal)) return unresolved;
    Endpoint parsed = ip.build();
    byte[] bytes = parsed.ipv4Bytes() != null ? parsed.ipv4Bytes() : parsed.ipv6Bytes();
    try {
      return new InetSocketAddress(InetAddress.getByAddress(literal, bytes), unresolved.getPort());
    } catch (UnknownHostException | IllegalArgumentException e) {
      return unresolved; // not reached: the bytes are 4 or 16 long and the port came from a socket
    }
  }
}
