package io.ziptrace.propagation;

/**
 * The spelling HTTP clients conventionally send each of our (lowercase) header names in, e.g.
 * {@code X-B3-TraceId}: the second key worth one hash lookup before a case-insensitive scan.
 */
final class HttpCapitalisation {
  private HttpCapitalisation() {}

  /** The conventional spelling of {@code lowercaseName}, or {@code null} for a name we do not know. */
  static String of(String lowercaseName) {
    // A switch, not a Map.of lookup: this runs for every header read, and Map.of probes by division.
    switch (lowercaseName) {
      case B3Propagation.B3: return "B3";
      case B3Propagation.TRACE_ID: return "X-B3-TraceId";
      case B3Propagation.SPAN_ID: return "X-B3-SpanId";
      case B3Propagation.PARENT_SPAN_ID: return "X-B3-ParentSpanId";
      case B3Propagation.SAMPLED: return "X-B3-Sampled";
      case B3Propagation.FLAGS: return "X-B3-Flags";
      case TraceparentPropagation.TRACEPARENT: return "Traceparent";
      default: return null;
    }
  }
}
