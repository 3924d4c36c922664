package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class UnreachableCollectorTest {
  @Test
  void aClosedLoopbackPortIsConnectionRefused() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HttpSender sender = HttpSender.create("http://127.0.0.1:" + port + "/api/v2/spans");
    try {
      assertThatThrownBy(() -> sender.send("[]".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0))
          .isExactlyInstanceOf(IOException.class)
          .hasMessage("connection refused")
          .hasCauseInstanceOf(java.net.ConnectException.class);
    } finally {
      sender.close();
    }
  }
}
