package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.SendException.Decision;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the default (HTTP/1.1) sender puts on the wire and makes of the collector's answers. */
class HttpSenderRequestsTest {
  final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
  final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  LoopbackCollector collector;
  String base;

  @BeforeEach
  void startCollector() throws IOException {
    collector = new LoopbackCollector().handle("/api/v2/spans", exchange -> {
      try (exchange) {
        requestHeaders.add(exchange.getRequestHeaders());
        bodies.add(exchange.getRequestBody().readAllBytes());
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.sendResponseHeaders(202, -1);
      }
    }).handle("/busy", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Retry-After", "7");
        byte[] body = ("busy " + "x".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
      }
    }).handle("/login", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"zipkin\"");
        exchange.sendResponseHeaders(401, -1);
      }
    }).start();
    base = collector.url("");
  }

  @AfterEach
  void stopCollector() {
    collector.close();
  }

  @Test
  void postsTheBufferRangeWithOurHeadersAndTheUsers() throws IOException {
    byte[] buffer = "[{\"id\":\"1\"}]unused".getBytes(StandardCharsets.UTF_8);
    try (HttpSender sender = HttpSender.builder(base + "/api/v2/spans").header("X-Api-Key", "k3y").build()) {
      sender.send(buffer, 12, 1);
    }

    assertThat(new String(bodies.get(0), StandardCharsets.UTF_8)).isEqualTo("[{\"id\":\"1\"}]");
    Map<String, List<String>> headers = requestHeaders.get(0);
    assertThat(headers.get("Content-type")).containsExactly("application/json");
    assertThat(headers.get("B3")).containsExactly("0");
    assertThat(headers.get("X-api-key")).containsExactly("k3y");
    assertThat(headers.get("Host")).containsExactly(base.substring("http://".length()));
  }

  @Test
  void theUsersContentTypeReplacesOursWhateverItsCase() throws IOException {
    try (HttpSender sender = HttpSender.builder(base + "/api/v2/spans").header("content-type", "application/json; charset=utf-8").build()) {
      sender.send("[]".getBytes(StandardCharsets.UTF_8), 0);
    }

    assertThat(requestHeaders.get(0).get("Content-type")).containsExactly("application/json; charset=utf-8");
  }

  @Test
  void sequentialSendsKeepTheirConnectionAlive() throws IOException {
    try (HttpSender sender = HttpSender.create(base + "/api/v2/spans")) {
      for (int i = 0; i < 10; i++) sender.send("[]".getBytes(StandardCharsets.UTF_8), 0);
    }

    assertThat(bodies).hasSize(10);
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void systemProxySettingsDoNotApplyToSpans() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String[] keys = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
    Map<String, String> saved = new java.util.HashMap<>();
    for (String key : keys) saved.put(key, System.getProperty(key));
    System.setProperty("http.proxyHost", "127.0.0.1");
    System.setProperty("http.proxyPort", String.valueOf(closedPort));
    System.setProperty("http.nonProxyHosts", "none");
    try (HttpSender sender = HttpSender.create(base + "/api/v2/spans")) {
      sender.send("[]".getBytes(StandardCharsets.UTF_8), 0);
    } finally {
      saved.forEach((key, value) -> {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
      });
    }
    assertThat(bodies).hasSize(1);
  }

  @Test
  void anErrorAnswerIsRetriedWithItsRetryAfterAndOnlyItsStartIsKept() {
    try (HttpSender sender = HttpSender.create(base + "/busy")) {
      assertThatThrownBy(() -> sender.send("[]".getBytes(StandardCharsets.UTF_8), 0))
          .isInstanceOfSatisfying(SendException.class, e -> {
            assertThat(e.decision()).isEqualTo(Decision.RETRY);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.getMessage()).startsWith("HTTP 503: busy xxx").hasSizeLessThan(300);
          });
    }
  }

  @Test
  void anAuthenticationChallengeRejectsTheBatchRatherThanEscapingAsTheJdksException() {
    try (HttpSender sender = HttpSender.create(base + "/login")) {
      assertThatThrownBy(() -> sender.send("[]".getBytes(StandardCharsets.UTF_8), 0))
          .isInstanceOfSatisfying(SendException.class, e -> {
            assertThat(e.decision()).isEqualTo(Decision.REJECT);
            assertThat(e.getMessage()).startsWith("HTTP 401");
          });
    }
  }

  @Test
  void theRequestTimeoutEndsAWriteToACollectorThatStoppedReading() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (Socket accepted = silent.accept()) {
          accepted.getInputStream().read(); // reads one byte, then nothing: the client's write fills the buffers
          Thread.sleep(60_000);
        } catch (IOException | InterruptedException e) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      byte[] large = new byte[64 << 20];
      HttpSender sender = HttpSender.builder("http://127.0.0.1:" + silent.getLocalPort() + "/api/v2/spans")
          .requestTimeout(Duration.ofMillis(500)).messageMaxBytes(large.length).build();
      try {
        long start = System.nanoTime();
        assertThatThrownBy(() -> sender.send(large, 1))
            .isExactlyInstanceOf(IOException.class)
            .hasMessage("no answer within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      } finally {
        sender.close();
        acceptor.interrupt();
      }
    }
  }

  @Test
  void closeStopsTheDeadlineThread() throws IOException {
    HttpSender sender = HttpSender.create(base + "/api/v2/spans");
    sender.send("[]".getBytes(StandardCharsets.UTF_8), 0);
    assertThat(deadlineThreads()).isNotEmpty();

    sender.close();

    HttpSenderCloseTest.await(() -> deadlineThreads().isEmpty());
    assertThat(deadlineThreads()).isEmpty();
  }

  @Test
  void headersTheClientSetsItselfOrThatWouldBreakTheRequestAndNonPositiveTimeoutsAreRefusedWhenBuilt() {
    HttpSender.Builder builder = HttpSender.builder(base + "/api/v2/spans");
    assertThatThrownBy(() -> builder.header("Host", "zipkin"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
    assertThatThrownBy(() -> builder.header("content-length", "3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content-length");
    assertThatThrownBy(() -> builder.header("X-Api-Key", "key\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Api-Key");
    assertThatThrownBy(() -> builder.header("Api Key", "key"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid header name");
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout must be at least 1 ms");
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout must be at least 1 ms");
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout must be at least 1 ms");
  }

  static List<String> deadlineThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter("ziptrace-http-deadlines"::equals).toList();
  }
}
