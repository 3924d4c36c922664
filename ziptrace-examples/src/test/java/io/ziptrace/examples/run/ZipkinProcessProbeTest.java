package io.ziptrace.examples.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ZipkinProcessProbeTest {
  @Test
  void aClosedLoopbackPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    assertThat(ZipkinProcess.whyNothingAnswers(URI.create("http://127.0.0.1:" + port))).contains("connection refused");
  }

  @Test
  void anyHttpAnswerCounts() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

      assertThat(ZipkinProcess.whyNothingAnswers(url)).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theDependenciesPageOpensOnTheGivenWindow() {
    String url = ZipkinProcess.existing(URI.create("http://127.0.0.1:9411"))
        .dependenciesUiUrl(java.time.Instant.ofEpochMilli(1000), java.time.Instant.ofEpochMilli(5000));

    assertThat(url).isEqualTo("http://127.0.0.1:9411/zipkin/dependency?startTime=1000&endTime=5000");
  }
}
