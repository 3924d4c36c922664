package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.SendException.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the HTTP/1.1 sender uses its connections when collectors close them or answer unusually. */
class HttpSenderConnectionsTest {
  static final byte[] MESSAGE = "[]".getBytes(StandardCharsets.UTF_8);
  static final String ACCEPTED = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";

  @Test
  void aConnectionTheCollectorClosedWhileIdleIsReplacedWithoutLosingTheMessage() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector(List.of(
        connection -> {
          connection.readRequest();
          connection.answer(ACCEPTED); // kept alive as far as the client knows, then closed
        },
        connection -> {
          connection.readRequest();
          connection.answer(ACCEPTED);
        }));
        HttpSender sender = HttpSender.create(collector.url())) {
      sender.send(MESSAGE, 0);
      assertThat(collector.awaitScriptsEnded(1)).isTrue();

      sender.send(MESSAGE, 0);

      assertThat(collector.requests()).isEqualTo(2);
      assertThat(collector.connections()).isEqualTo(2);
    }
  }

  @Test
  void anAnswerCutShortIsNotSentAgain() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector(List.of(
        connection -> {
          connection.readRequest();
          connection.answer(ACCEPTED);
          connection.readRequest();
          connection.answer("HTTP/1.1 20"); // the collector read the message: sending it again would duplicate it
        },
        connection -> {
          connection.readRequest();
          connection.answer(ACCEPTED);
        }));
        HttpSender sender = HttpSender.create(collector.url())) {
      sender.send(MESSAGE, 0);

      assertThatThrownBy(() -> sender.send(MESSAGE, 0))
          .isExactlyInstanceOf(IOException.class)
          .hasMessage("connection closed by the collector");
      assertThat(collector.requests()).isEqualTo(2);
    }
  }

  @Test
  void interimAndChunkedAnswersAreReadAndTheConnectionKept() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector(List.of(connection -> {
      connection.readRequest();
      connection.answer("HTTP/1.1 100 Continue\r\n\r\n"
          + "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n\r\n"
          + "5\r\nbusy \r\n3;ext=1\r\nnow\r\n0\r\nTrailer: x\r\n\r\n");
      connection.readRequest();
      connection.answer(ACCEPTED);
    }));
        HttpSender sender = HttpSender.create(collector.url())) {
      assertThatThrownBy(() -> sender.send(MESSAGE, 0))
          .isInstanceOfSatisfying(SendException.class, refusal -> {
            assertThat(refusal.decision()).isEqualTo(Decision.RETRY);
            assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(refusal).hasMessage("HTTP 503: busy now");
          });

      sender.send(MESSAGE, 0);

      assertThat(collector.connections()).isEqualTo(1);
      assertThat(collector.requests()).isEqualTo(2);
    }
  }

  @Test
  void anAnswerThatIsNotHttpFailsTheSendSayingSo() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector(List.of(connection -> {
      connection.readRequest();
      connection.answer("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    }));
        HttpSender sender = HttpSender.create(collector.url())) {
      assertThatThrownBy(() -> sender.send(MESSAGE, 0))
          .isExactlyInstanceOf(IOException.class)
          .hasMessage("malformed answer: not HTTP/1.x: SSH-2.0-OpenSSH_9.2");
    }
  }

  @Test
  void anAnswerWithConnectionCloseIsReadAndTheNextSendOpensANewConnection() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector(List.of(
        connection -> {
          connection.readRequest();
          connection.answer("HTTP/1.1 202 Accepted\r\nConnection: close\r\n\r\n"); // no length: the body ends with the connection
        },
        connection -> {
          connection.readRequest();
          connection.answer(ACCEPTED);
        }));
        HttpSender sender = HttpSender.create(collector.url())) {
      sender.send(MESSAGE, 0);
      sender.send(MESSAGE, 0);

      assertThat(collector.connections()).isEqualTo(2);
      assertThat(collector.requests()).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "http2 {0}")
  @ValueSource(booleans = {false, true})
  void anHttpsUrlForAPlainHttpCollectorSaysToUseHttp(boolean http2) throws Exception {
    ScriptedCollector.Script plainAnswer = connection -> // as Zipkin does to a TLS hello: a plain 400
        connection.answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    try (ScriptedCollector collector = new ScriptedCollector(List.of(plainAnswer, plainAnswer));
        HttpSender sender = HttpSender.builder(collector.url().replace("http://", "https://")).http2(http2).build()) {
      assertThatThrownBy(() -> sender.send(MESSAGE, 0))
          .isExactlyInstanceOf(IOException.class)
          .hasMessage("TLS handshake failed: the collector does not speak TLS on this port; use " + collector.url());
    }
  }
}
