package io.ziptrace.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.it.SelfSignedTls;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reporting over HTTPS to a collector with a private certificate, with an API key header. */
class HttpsCollectorTest {
  static final byte[] EMPTY_LIST = "[]".getBytes(StandardCharsets.UTF_8);

  SelfSignedTls tls;
  HttpsServer server;
  ExecutorService executor;
  final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startCollector() throws Exception {
    tls = SelfSignedTls.create(); // its certificate names 127.0.0.1 only
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(tls.serverConfigurator());
    executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext("/api/v2/spans", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      clientPorts.add(exchange.getRemoteAddress().getPort());
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopCollector() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void sendsKeepTheirTlsConnectionAlive() throws Exception {
    try (HttpSender sender = HttpSender.builder(url("127.0.0.1")).sslContext(tls.clientContext()).build()) {
      for (int i = 0; i < 5; i++) sender.send(EMPTY_LIST, 0);
    }

    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void aCertificateForAnotherHostNameFailsTheHandshake() throws Exception {
    try (HttpSender sender = HttpSender.builder(url("localhost")).sslContext(tls.clientContext()).build()) {
      assertThatThrownBy(() -> sender.send(EMPTY_LIST, 0))
          .isExactlyInstanceOf(IOException.class)
          .hasMessageStartingWith("TLS handshake failed: ")
          .hasMessageContaining("localhost");
    }
    assertThat(clientPorts).isEmpty();
  }

  @Test
  void aCertificateNoTrustedAuthoritySignedFailsTheHandshake() {
    try (HttpSender sender = HttpSender.create(url("127.0.0.1"))) { // the JDK's trust store
      assertThatThrownBy(() -> sender.send(EMPTY_LIST, 0))
          .isExactlyInstanceOf(IOException.class)
          .hasMessageStartingWith("TLS handshake failed: ");
    }
    assertThat(clientPorts).isEmpty();
  }

  private String url(String host) {
    return "https://" + host + ":" + server.getAddress().getPort() + "/api/v2/spans";
  }

  @Test
  void deliversOverTlsWithAuthorization() throws Exception {
    SelfSignedTls tls = SelfSignedTls.create();
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(tls.serverConfigurator());
    ExecutorService executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    List<String> authorizations = new CopyOnWriteArrayList<>();
    List<Integer> bodies = new CopyOnWriteArrayList<>();
    server.createContext("/api/v2/spans", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        bodies.add(in.readAllBytes().length);
      }
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    server.start();
    try {
      SSLContext clientTls = tls.clientContext();
      AsyncReporter reporter = AsyncReporter.create(
          HttpSender.builder("https://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans")
              .sslContext(clientTls).header("Authorization", "Bearer api-key").build());
      try (Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of("tls")).reporter(reporter).build()) {
        tracer.newTrace().name("over tls").start().finish();
      }

      assertThat(reporter.metrics().spansSent()).isEqualTo(1);
      assertThat(authorizations).containsExactly("Bearer api-key");
      assertThat(bodies).allSatisfy(size -> assertThat(size).isPositive());
    } finally {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
