package io.ziptrace.propagation;

import java.util.Map;

/**
 * The spelling HTTP clients conventionally send each of our (lowercase) header names in, e.g.
 * {@code X-B3-TraceId}: the second key worth one hash lookup before a case-insensitive scan.
 */
final class HttpCapitalisation {
  private static final Map<String, String> CAPITALISED = Map.of(
      B3Propagation.B3, "B3",
      B3Propagation.TRACE_ID, "X-B3-TraceId",
      B3Propagation.SPAN_ID, "X-B3-SpanId",
      B3Propagation.PARENT_SPAN_ID, "X-B3-ParentSpanId",
      B3Propagation.SAMPLED, "X-B3-Sampled",
      B3Propagation.FLAGS, "X-B3-Flags",
      TraceparentPropagation.TRACEPARENT, "Traceparent");

  private HttpCapitalisation() {}

  /** The conventional spelling of {@code lowercaseName}, or {@code null} for a name we do not know. */
  static String of(String lowercaseName) {
    return CAPITALISED.get(lowercaseName);
  }
}
