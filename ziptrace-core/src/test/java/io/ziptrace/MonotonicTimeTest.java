package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonotonicTimeTest {
  final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  final AtomicLong wallMicros = new AtomicLong(1_700_000_000_000_000L);
  final MonotonicTime time = new MonotonicTime(nanos::get, wallMicros::get);

  @Test
  void followsTheMonotonicClockFromTheAnchor() {
    nanos.addAndGet(2_500_000L);
    wallMicros.addAndGet(2_500L);

    assertThat(time.micros(nanos.get())).isEqualTo(1_700_000_000_002_500L);
  }

  @Test
  void aWallClockReadLateByAPauseDoesNotMoveTheTimeline() {
    // The thread paused between reading the monotonic clock and the wall clock: the wall reads 300 µs ahead.
    nanos.addAndGet(1_000_000L);
    wallMicros.addAndGet(1_300L);

    assertThat(time.micros(nanos.get())).isEqualTo(1_700_000_000_001_000L);
  }

  @Test
  void reanchorsWhenTheWallClockWasSet_atTheNextCheck() {
    nanos.addAndGet(1_000_000L);
    wallMicros.addAndGet(60_000_000L);
    assertThat(time.micros(nanos.get())).as("not compared yet").isEqualTo(1_700_000_000_001_000L);

    nanos.addAndGet(MonotonicTime.CHECK_INTERVAL_NANOS);
    wallMicros.addAndGet(MonotonicTime.CHECK_INTERVAL_NANOS / 1_000L);
    long wall = wallMicros.get();
    assertThat(time.micros(nanos.get())).isEqualTo(wall);
    nanos.addAndGet(1_000L);
    wallMicros.addAndGet(1L);
    assertThat(time.micros(nanos.get())).isEqualTo(wall + 1L);
  }

  @Test
  void theWallClockIsReadAtMostOncePerCheckInterval() {
    AtomicLong wallReads = new AtomicLong();
    MonotonicTime counted = new MonotonicTime(nanos::get, () -> {
      wallReads.incrementAndGet();
      return wallMicros.get();
    });
    wallReads.set(0); // the anchor's read
    for (int i = 0; i < 1_000; i++) {
      nanos.addAndGet(MonotonicTime.CHECK_INTERVAL_NANOS / 100);
      counted.micros(nanos.get());
    }

    assertThat(wallReads.get()).isEqualTo(10L); // 1,000 readings over 10 intervals
  }

  @Test
  void timesBeforeTheAnchorRoundDown() {
    assertThat(time.micros(nanos.get() - 1L)).isEqualTo(1_700_000_000_000_000L - 1L);
  }
}
