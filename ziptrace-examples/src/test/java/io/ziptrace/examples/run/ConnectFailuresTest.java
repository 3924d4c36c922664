package io.ziptrace.examples.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {
  @Test
  void namesTheCommonCauses() {
    assertThat(ConnectFailures.describe(new ConnectException())).isEqualTo("connection refused");
    assertThat(ConnectFailures.describe(new HttpConnectTimeoutException("HTTP connect timed out")))
        .isEqualTo("no answer to connecting in time");
    assertThat(ConnectFailures.describe(new HttpTimeoutException("request timed out"))).isEqualTo("no answer in time");
    ConnectException unresolved = new ConnectException();
    unresolved.initCause(new UnresolvedAddressException());
    assertThat(ConnectFailures.describe(unresolved)).isEqualTo("unknown host");
  }

  @Test
  void otherwiseTheMessageOrTheType() {
    assertThat(ConnectFailures.describe(new IOException("stream reset"))).isEqualTo("stream reset");
    assertThat(ConnectFailures.describe(new IOException())).isEqualTo("IOException");
  }
}
