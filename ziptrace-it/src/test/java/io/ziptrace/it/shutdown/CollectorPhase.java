package io.ziptrace.it.shutdown;

/** Where a Zipkin restart stands, in order: which Zipkin, if any, may answer on the port now. */
enum CollectorPhase {
  /** The first Zipkin runs. */
  FIRST,
  /** The first Zipkin got SIGTERM and has not exited yet. */
  FIRST_STOPPING,
  /** Nothing runs on the port. */
  NONE,
  /** The second Zipkin is starting, not healthy yet. */
  SECOND_BOOTING,
  /** The second Zipkin is healthy. */
  SECOND;

  /** Whether the first Zipkin may still have answered a request sent in this phase. */
  boolean firstMayAnswer() {
    return compareTo(NONE) < 0;
  }
}
