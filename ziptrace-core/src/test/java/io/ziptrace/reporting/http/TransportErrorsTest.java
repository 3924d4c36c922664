package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TransportErrorsTest {
  final TransportErrors errors = new TransportErrors("http://zipkin:9411/api/v2/spans", "zipkin", Duration.ofSeconds(10), Duration.ofMillis(1500));

  @Test
  void theJdksFailuresBecomeCausesAPersonActsOn() {
    assertExplained(new ConnectException(), "connection refused");
    assertExplained(new IOException(new ConnectException("Connection refused")), "connection refused");
    assertExplained(new HttpConnectTimeoutException("HTTP connect timed out"), "no connection within 10 s");
    assertExplained(new HttpTimeoutException("request timed out"), "no answer within 1.5 s");
    assertExplained(new UnknownHostException("zipkin"), "unknown host zipkin");
    assertExplained(new ConnectException() {{ initCause(new UnresolvedAddressException()); }}, "unknown host zipkin");
    assertExplained(new SSLHandshakeException("PKIX path building failed"), "TLS handshake failed: PKIX path building failed");
    assertExplained(new EOFException("EOF reached while reading"), "connection closed by the collector");
    assertExplained(new IOException("HTTP/1.1 header parser received no bytes"), "connection closed by the collector");
    assertExplained(new IOException("something else"), "something else");
  }

  @Test
  void httpUrlConnectionsFailuresBecomeTheSameCauses() {
    assertExplained(new SocketTimeoutException("Connect timed out"), "no connection within 10 s");
    assertExplained(new SocketTimeoutException("Read timed out"), "no answer within 1.5 s");
    assertExplained(new SocketException("Unexpected end of file from server"), "connection closed by the collector");
    assertExplained(new SocketException("Broken pipe"), "connection closed by the collector");
    assertExplained(new SocketException("Connection reset"), "connection closed by the collector");
  }

  @Test
  void closedAndTimedOutSayWhichSenderAndHowLong() {
    IOException cause = new SocketException("Socket closed");
    assertThat(errors.closed(cause)).hasMessage("sender is closed: http://zipkin:9411/api/v2/spans").hasCause(cause);
    assertThat(errors.timedOut(cause)).hasMessage("no answer within 1.5 s").hasCause(cause);
  }

  void assertExplained(Throwable failure, String cause) {
    IOException explained = errors.explain(failure);
    assertThat(explained).hasMessage(cause);
    assertThat(explained.getCause()).isSameAs(failure);
  }
}
