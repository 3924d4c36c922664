package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zipkin started through ZipkinProcess (by the demo and every test) is reachable from this machine only. */
class ZipkinLoopbackTest {
  @Test
  void listensOnLoopbackOnly() {
    ZipkinServer zipkin = ZipkinServer.shared();

    List<InetAddress> listening = ListeningSockets.on(zipkin.baseUrl().getPort());

    assertThat(listening).as("sockets listening on Zipkin's port").isNotEmpty()
        .allSatisfy(address -> assertThat(address.isLoopbackAddress()).as("%s is loopback", address).isTrue());
  }
}
