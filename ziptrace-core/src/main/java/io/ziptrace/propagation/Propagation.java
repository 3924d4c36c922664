package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes trace context in request headers (B3, W3C traceparent, ...). */
public interface Propagation {
  /**
   * A propagation that writes no headers and reads none: spans are still recorded, but the trace
   * does not continue across the call (e.g. to a third party that must not see trace ids).
   */
  static Propagation none() {
    return NoPropagation.INSTANCE;
  }

  /** The lowercase header names this propagation reads or writes, e.g. to clear them on reuse. */
  List<String> keys();

  /** Writes the context into the carrier. Never throws on a valid context. */
  <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter);

  /**
   * Reads the incoming context. Malformed input is treated as absent: this method never throws
   * and returns {@link IncomingContext#EMPTY} rather than a context built from a malformed id.
   */
  <C> IncomingContext extract(C carrier, HeaderGetter<C> getter);

  /**
   * The headers that carry {@code context}, for clients that take a map (aiozipkin's {@code
   * make_headers()}).
   */
  default Map<String, String> headers(TraceContext context) {
    Map<String, String> headers = new LinkedHashMap<>();
    inject(context, headers, MapHeaders.SETTER);
    return headers;
  }
}
