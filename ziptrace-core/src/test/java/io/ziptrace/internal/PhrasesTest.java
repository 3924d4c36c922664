package io.ziptrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PhrasesTest {
  @Test
  void durationsAsPeopleReadThem() {
    assertThat(Phrases.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Phrases.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Phrases.duration(Duration.ofSeconds(10))).isEqualTo("10 s");
    assertThat(Phrases.duration(Duration.ofSeconds(90))).isEqualTo("90 s");
    assertThat(Phrases.duration(Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(Phrases.duration(Duration.ofHours(2))).isEqualTo("2 h");
  }

  @Test
  void countsInTheRightNumber() {
    assertThat(Phrases.count(1, "span")).isEqualTo("1 span");
    assertThat(Phrases.count(0, "span")).isEqualTo("0 spans");
    assertThat(Phrases.count(12, "span")).isEqualTo("12 spans");
  }
}
