package io.ziptrace;

/**
 * What a {@link TraceContext} carries besides its ids and flags: its baggage values and the W3C
 * {@code tracestate} it received. Most contexts carry neither and share {@link #NONE}; a child
 * shares its parent's instance until one of the two changes, so carrying them costs a context one
 * field. Immutable.
 */
final class TraceExtras {
  static final TraceExtras NONE = new TraceExtras(BaggageValues.EMPTY, null);

  final BaggageValues baggage;
  final String traceState; // null when none came

  private TraceExtras(BaggageValues baggage, String traceState) {
    this.baggage = baggage;
    this.traceState = traceState;
  }

  /** {@code previous} when it holds exactly these values, else the instance that does. */
  static TraceExtras of(BaggageValues baggage, String traceState, TraceExtras previous) {
    if (previous.baggage == baggage && previous.traceState == traceState) return previous;
    if (baggage.isEmpty() && traceState == null) return NONE;
    return new TraceExtras(baggage, traceState);
  }
}
