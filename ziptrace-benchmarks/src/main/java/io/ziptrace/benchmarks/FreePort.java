package io.ziptrace.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port that is free now, for a benchmark's Zipkin server; {@link #main} prints one for the script. */
public final class FreePort {
  private FreePort() {}

  /** Prints the port. */
  public static void main(String[] args) throws IOException {
    System.out.println(find());
  }

  /** A loopback port nothing listens on at the moment. */
  static int find() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
