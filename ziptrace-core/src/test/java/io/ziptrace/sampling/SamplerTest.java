package io.ziptrace.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SamplerTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.25, 0.5, 0.99})
  void ratioSamplesItsShare(double rate) {
    Sampler sampler = Sampler.ratio(rate);
    Random random = new Random(11);
    int sampled = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) if (sampler.isSampled(random.nextLong())) sampled++;

    assertThat((double) sampled / n).isCloseTo(rate, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void ratioIsAFunctionOfTheTraceId() {
    Sampler here = Sampler.ratio(0.3);
    Sampler elsewhere = Sampler.ratio(0.3);
    Random random = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      long id = random.nextLong();
      assertThat(here.isSampled(id)).isEqualTo(elsewhere.isSampled(id)).isEqualTo(here.isSampled(id));
    }
    assertThat(here.isSampled(Long.MIN_VALUE)).isTrue();
  }

  @Test
  void ratioEdgesAndErrors() {
    assertThat(Sampler.ratio(0.0)).isSameAs(Sampler.NEVER);
    assertThat(Sampler.ratio(1.0)).isSameAs(Sampler.ALWAYS);
    assertThatThrownBy(() -> Sampler.ratio(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample rate 1.5 is not between 0.0 (record nothing) and 1.0 (record every trace)");
    assertThatThrownBy(() -> Sampler.ratio(-0.1)).hasMessageStartingWith("sample rate -0.1 is not between 0.0");
    assertThatThrownBy(() -> Sampler.ratio(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sample rate NaN is not between 0.0");
  }

  @Test
  void rateLimitedTakesAtMostNPerSecond() {
    AtomicLong nanos = new AtomicLong(123_456_789L);
    Sampler sampler = new RateLimitedSampler(3, nanos::get);

    assertThat(countSampled(sampler, 10)).isEqualTo(3);
    nanos.addAndGet(999_000_000L); // still the first second
    assertThat(countSampled(sampler, 10)).isZero();
    nanos.addAndGet(1_000_000L); // the next second
    assertThat(countSampled(sampler, 10)).isEqualTo(3);
    nanos.addAndGet(5_000_000_000L);
    assertThat(countSampled(sampler, 2)).isEqualTo(2);
  }

  @Test
  void rateLimitedUnderContentionNeverExceedsTheLimit() throws Exception {
    AtomicLong nanos = new AtomicLong();
    Sampler sampler = new RateLimitedSampler(1000, nanos::get);
    AtomicLong sampled = new AtomicLong();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) if (sampler.isSampled(i)) sampled.incrementAndGet();
      });
      threads[t].start();
    }
    for (Thread thread : threads) thread.join();

    assertThat(sampled.get()).isEqualTo(1000);
  }

  @Test
  void rateLimitedErrors() {
    assertThat(Sampler.rateLimited(0)).isSameAs(Sampler.NEVER);
    assertThatThrownBy(() -> Sampler.rateLimited(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int countSampled(Sampler sampler, int calls) {
    int sampled = 0;
    for (int i = 0; i < calls; i++) if (sampler.isSampled(i)) sampled++;
    return sampled;
  }
}
