package io.ziptrace.benchmarks;

import java.time.Duration;

/**
 * How each connection of a {@link PreEncodedLoad} times its POSTs.
 *
 * @param spansPerSecond the rate each connection offers; 0 sends back to back, as fast as the
 *     collector answers
 * @param backlogMessages how many messages a paced connection may fall behind its schedule
 *     before it gives up (the collector did not keep up)
 * @param grace how long after the load's length a paced connection goes on sending the messages
 *     that fell due within it
 */
record Pacing(int spansPerSecond, int backlogMessages, Duration grace) {
  /** As fast as the collector answers, for the load's length. */
  static final Pacing BACK_TO_BACK = new Pacing(0, 0, Duration.ZERO);

  /** Paced at {@code spansPerSecond}, however far behind, stopping when the load's length ends. */
  static Pacing steady(int spansPerSecond) {
    return new Pacing(spansPerSecond, Integer.MAX_VALUE, Duration.ZERO);
  }

  /** The time between one connection's messages of {@code spansPerMessage} spans; 0 back to back. */
  long pauseNanos(int spansPerMessage) {
    return spansPerSecond == 0 ? 0 : spansPerMessage * 1_000_000_000L / spansPerSecond;
  }

  /** How many messages one paced connection has due in {@code length}: the first at once, then one a pause. */
  long messagesDue(Duration length, int spansPerMessage) {
    long pause = pauseNanos(spansPerMessage);
    return (length.toNanos() + pause - 1) / pause;
  }
}
