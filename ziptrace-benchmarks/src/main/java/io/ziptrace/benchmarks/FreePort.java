package io.ziptrace.benchmarks;

import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a loopback port that is free now, for the benchmark script's Zipkin server. */
public final class FreePort {
  private FreePort() {}

  /** Prints the port. */
  public static void main(String[] args) throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      System.out.println(socket.getLocalPort());
    }
  }
}
