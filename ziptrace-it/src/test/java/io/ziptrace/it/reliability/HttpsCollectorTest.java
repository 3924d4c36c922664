package io.ziptrace.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Reporting over HTTPS to a collector with a private certificate, with an API key header. */
class HttpsCollectorTest {
  static final char[] PASSWORD = "changeit".toCharArray();

  @Test
  void deliversOverTlsWithAuthorization() throws Exception {
    KeyStore keyStore = selfSignedKeyStore();
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
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
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keyStore);
      SSLContext clientTls = SSLContext.getInstance("TLS");
      clientTls.init(null, trust.getTrustManagers(), null);
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

  /** A key pair and self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  static KeyStore selfSignedKeyStore() throws Exception {
    Path file = Files.createTempDirectory(Path.of("target"), "tls").resolve("collector.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "collector", "-keyalg", "RSA",
        "-keysize", "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("keytool: " + output).isZero();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
    return keyStore;
  }
}
