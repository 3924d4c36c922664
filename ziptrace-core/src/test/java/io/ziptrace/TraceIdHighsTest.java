package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.sampling.Sampler;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TraceIdHighsTest {
  static final long START_SECONDS = 1_700_000_000L;
  static final long DAY_SECONDS = 86_400L;
  final AtomicLong micros = new AtomicLong(START_SECONDS * 1_000_000L + 123_456L);
  final AtomicLong clockReads = new AtomicLong();
  final Clock clock = () -> {
    clockReads.incrementAndGet();
    return micros.get();
  };

  @Test
  void firstTraceTakesTheClocksSecond() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).sampler(Sampler.NEVER).clock(clock).build();

    assertThat(tracer.newTrace().context().traceIdHigh() >>> 32).isEqualTo(START_SECONDS);
  }

  @Test
  void unsampledTracesReadTheClockForAboutOneInSixtyFour() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).sampler(Sampler.NEVER).clock(clock).build();

    for (int i = 0; i < 64_000; i++) tracer.newTrace();

    // A binomial(64000, 1/64) count: mean 1000, standard deviation about 31.
    assertThat(clockReads.get()).isBetween(800L, 1_200L);
  }

  @Test
  void unsampledTracesFollowTheClockWithinAFewHundredTraces() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).sampler(Sampler.NEVER).clock(clock).build();
    tracer.newTrace();

    micros.addAndGet(10 * DAY_SECONDS * 1_000_000L);
    long latest = 0L;
    // The chance that 2,000 traces pass without a re-read is (63/64)^2000, about 1e-14.
    for (int i = 0; i < 2_000; i++) {
      long seconds = tracer.newTrace().context().traceIdHigh() >>> 32;
      assertThat(seconds).isIn(START_SECONDS, START_SECONDS + 10 * DAY_SECONDS);
      latest = seconds;
    }
    assertThat(latest).isEqualTo(START_SECONDS + 10 * DAY_SECONDS);
  }

  @Test
  void sampledTracesReadTheClockForTheirIdsNoMoreOftenThanUnsampledOnes() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).clock(clock).build();

    for (int i = 0; i < 64_000; i++) tracer.newTrace();

    assertThat(clockReads.get()).isBetween(800L, 1_200L);
  }

  @Test
  void aSpanStartedOnTheClockMakesItsSecondTheOneOfTheNextTraces() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).clock(clock).build();
    Span first = tracer.newTrace();

    micros.addAndGet(DAY_SECONDS * 1_000_000L);
    first.start();

    assertThat(tracer.newTrace().context().traceIdHigh() >>> 32).isEqualTo(START_SECONDS + DAY_SECONDS);
    assertThat(tracer.newTrace(false).context().traceIdHigh() >>> 32).isEqualTo(START_SECONDS + DAY_SECONDS);
  }

  @Test
  void aSpanStartedAtAGivenTimeLeavesTheSecondAlone() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).clock(clock).build();
    tracer.newTrace();

    // A timestamp the caller gives may be from the past (a span recorded late), not the clock's.
    tracer.newTrace().start((START_SECONDS - 10 * DAY_SECONDS) * 1_000_000L);

    assertThat(tracer.newTrace().context().traceIdHigh() >>> 32).isIn(START_SECONDS);
  }

  @Test
  void systemClockGivesTheCurrentSecondAndRandomLowBits() {
    Tracer tracer = Tracer.builder().traceId128Bit(true).sampler(Sampler.NEVER).build();
    long before = System.currentTimeMillis() / 1_000L;

    TraceContext a = tracer.newTrace().context();
    TraceContext b = tracer.newTrace().context();

    assertThat(a.traceIdHigh() >>> 32).isBetween(before, System.currentTimeMillis() / 1_000L);
    assertThat((int) a.traceIdHigh()).isNotEqualTo((int) b.traceIdHigh());
  }

  @Test
  void sixtyFourBitTracersNeverReadTheClockForIds() {
    Tracer tracer = Tracer.builder().sampler(Sampler.NEVER).clock(clock).build();

    assertThat(tracer.newTrace().context().is128Bit()).isFalse();
    assertThat(clockReads.get()).isZero();
  }
}
