package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;

/** The single {@code b3} header: {@code {traceId}-{spanId}[-{sampling}[-{parentSpanId}]]} or {@code 0|1|d}. */
final class B3SingleFormat {
  /** 32 + 1 + 16 + 1 + 1 + 1 + 16: anything longer is malformed without looking further. */
  static final int MAX_LENGTH = 68;

  private B3SingleFormat() {}

  /**
   * Writes the header value for {@code context}. One concatenation of the context's cached id
   * strings per shape: the JDK sizes the result once and builds the String on its array, where
   * writing bytes and wrapping them in a String would copy them a second time.
   */
  static String write(TraceContext context) {
    String traceId = context.traceIdString();
    String spanId = context.spanIdString();
    if (context.debug()) return withSampling(context, traceId, spanId, "-d");
    if (context.sampled() == null) return traceId + '-' + spanId; // no parent id without a sampling state
    return withSampling(context, traceId, spanId, context.isSampled() ? "-1" : "-0");
  }

  private static String withSampling(TraceContext context, String traceId, String spanId, String sampling) {
    if (context.parentId() == 0L) return traceId + '-' + spanId + sampling;
    return traceId + '-' + spanId + sampling + '-' + context.parentIdString();
  }

  /** Parses a header value; {@code null} when it is malformed. */
  static IncomingContext parse(String value) {
    int length = value.length();
    if (length == 1) {
      switch (value.charAt(0)) {
        case '0': return IncomingContext.samplingOnly(false, false);
        case '1': return IncomingContext.samplingOnly(true, false);
        case 'd': return IncomingContext.samplingOnly(null, true);
        default: return null;
      }
    }
    if (length > MAX_LENGTH) return null;
    int traceIdEnd = value.indexOf('-');
    TraceContext.Builder context = TraceContext.builder();
    if (traceIdEnd < 0 || !B3Ids.traceId(value, 0, traceIdEnd, context)) return null;
    int spanIdStart = traceIdEnd + 1;
    int spanIdEnd = spanIdStart + 16;
    if (spanIdEnd > length) return null;
    long spanId = B3Ids.id(value, spanIdStart, 16);
    if (spanId == 0L) return null;
    context.spanId(spanId);
    if (spanIdEnd == length) return IncomingContext.of(context.build());
    // "-{sampling}" with an optional "-{parentSpanId}"
    if (value.charAt(spanIdEnd) != '-' || spanIdEnd + 2 > length) return null;
    char sampling = value.charAt(spanIdEnd + 1);
    if (sampling == 'd') context.debug(true);
    else if (sampling == '1') context.sampled(true);
    else if (sampling == '0') context.sampled(false);
    else return null;
    int parentStart = spanIdEnd + 3;
    if (spanIdEnd + 2 == length) return IncomingContext.of(context.build());
    if (value.charAt(spanIdEnd + 2) != '-' || length - parentStart != 16) return null;
    long parentId = B3Ids.id(value, parentStart, 16);
    if (parentId == 0L) return null;
    context.parentId(parentId);
    return IncomingContext.of(context.build());
  }
}
