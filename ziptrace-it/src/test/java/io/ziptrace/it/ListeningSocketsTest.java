package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sample rows as a little-endian (x86, arm64) Linux machine prints them. */
class ListeningSocketsTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

  @Test
  void readsTheListeningIpv4SocketsOfThePort() throws Exception {
    List<String> tcp = List.of(HEADER,
        "   0: 0100007F:24C3 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0",
        "   1: 00000000:24C3 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2 1 0 100 0 0 10 0",
        "   2: 0100007F:24C3 0100007F:94B0 01 00000000:00000000 00:00000000 00000000  1000        0 3 1 0 20 4 30 10 -1",
        "   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4 1 0 100 0 0 10 0");

    assertThat(ListeningSockets.parse(tcp, 9411, LITTLE_ENDIAN))
        .containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("0.0.0.0"));
  }

  @Test
  void readsIpv6IncludingIpv4MappedAddresses() throws Exception {
    List<String> tcp6 = List.of(HEADER,
        "   0: 0000000000000000FFFF00000100007F:C1F7 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1 0 100 0 0 10 0",
        "   1: 00000000000000000000000001000000:C1F7 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6 1 0 100 0 0 10 0",
        "   2: 00000000000000000000000000000000:C1F7 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0 100 0 0 10 0");

    List<InetAddress> addresses = ListeningSockets.parse(tcp6, 0xC1F7, LITTLE_ENDIAN);

    assertThat(addresses).containsExactly(
        InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"), InetAddress.getByName("::"));
    assertThat(addresses).extracting(InetAddress::isLoopbackAddress).containsExactly(true, true, false);
  }

  @Test
  void anEmptyTableHasNoSockets() {
    assertThat(ListeningSockets.parse(List.of(HEADER), 9411, LITTLE_ENDIAN)).isEmpty();
    assertThat(ListeningSockets.parse(List.of(), 9411, LITTLE_ENDIAN)).isEmpty();
  }
}
