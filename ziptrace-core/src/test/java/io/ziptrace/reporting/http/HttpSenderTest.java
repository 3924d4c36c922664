package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.SendException.Decision;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpSenderTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "OK", value = {
      "200, OK,     false",
      "202, OK,     false",
      "299, OK,     false",
      "408, RETRY,  false",
      "429, RETRY,  false",
      "500, RETRY,  false",
      "503, RETRY,  false",
      "599, RETRY,  false",
      "400, SPLIT,  false",
      "413, SPLIT,  true",
      "100, REJECT, false",
      "301, REJECT, false",
      "307, REJECT, false",
      "401, REJECT, false",
      "403, REJECT, false",
      "404, REJECT, false",
      "422, REJECT, false",
  })
  void mapsStatusCodesOntoDecisions(int status, Decision decision, boolean tooLarge) {
    SendException refusal = HttpSender.refusal(status, null, "collector says " + status);

    if (decision == null) {
      assertThat(refusal).isNull();
      return;
    }
    assertThat(refusal.decision()).isEqualTo(decision);
    assertThat(refusal.isTooLarge()).isEqualTo(tooLarge);
    assertThat(refusal.retryAfter()).isEmpty();
    assertThat(refusal.getMessage()).contains(String.valueOf(status)).contains("collector says " + status);
  }

  @ParameterizedTest
  @CsvSource({"429", "503"})
  void retriesHonourRetryAfter(int status) {
    assertThat(HttpSender.refusal(status, Duration.ofSeconds(7), "busy").retryAfter()).contains(Duration.ofSeconds(7));
  }
}
