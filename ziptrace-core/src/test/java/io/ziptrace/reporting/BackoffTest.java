package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFrom50MillisUpTo5Seconds() {
    assertThat(millis(1, null)).isEqualTo(50);
    assertThat(millis(2, null)).isEqualTo(100);
    assertThat(millis(3, null)).isEqualTo(200);
    assertThat(millis(7, null)).isEqualTo(3_200);
    assertThat(millis(8, null)).isEqualTo(5_000);
    assertThat(millis(1_000, null)).isEqualTo(5_000);
  }

  @Test
  void honoursTheCollectorsRetryAfterUpTo30Seconds() {
    assertThat(millis(1, Duration.ofSeconds(2))).isEqualTo(2_000);
    assertThat(millis(9, Duration.ZERO)).isZero();
    assertThat(millis(1, Duration.ofMinutes(5))).isEqualTo(30_000);
    assertThat(millis(1, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(30_000);
  }

  static long millis(int failedAttempts, Duration retryAfter) {
    return Duration.ofNanos(Backoff.nanosBefore(failedAttempts, retryAfter)).toMillis();
  }
}
