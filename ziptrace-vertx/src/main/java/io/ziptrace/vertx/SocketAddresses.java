package io.ziptrace.vertx;

import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;

/** Vert.x socket addresses as the JDK's, unresolved: recording a peer never does a DNS lookup. */
final class SocketAddresses {
  private SocketAddresses() {}

  static InetSocketAddress toInet(SocketAddress address) {
    if (address == null || address.hostAddress() == null || address.port() < 0) return null;
    return InetSocketAddress.createUnresolved(address.hostAddress(), address.port());
  }
}
