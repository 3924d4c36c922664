package io.ziptrace.examples.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void usesTheLargestUnitThatStatesTheDurationExactly() {
    assertThat(Durations.readable(Duration.ZERO)).isEqualTo("0 ms");
    assertThat(Durations.readable(Duration.ofMillis(150))).isEqualTo("150 ms");
    assertThat(Durations.readable(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Durations.readable(Duration.ofSeconds(30))).isEqualTo("30 s");
    assertThat(Durations.readable(Duration.ofSeconds(90))).isEqualTo("90 s");
    assertThat(Durations.readable(Duration.ofMinutes(2))).isEqualTo("2 min");
    assertThat(Durations.readable(Duration.ofSeconds(150))).isEqualTo("150 s");
    assertThat(Durations.readable(Duration.ofMinutes(90))).isEqualTo("90 min");
    assertThat(Durations.readable(Duration.ofHours(3))).isEqualTo("3 h");
  }

  @Test
  void neverPrintsIsoNotation() {
    assertThat(Durations.readable(Duration.ofSeconds(30))).doesNotContain("PT");
    assertThat(Durations.readable(Duration.ofMinutes(2))).doesNotContain("PT");
  }
}
