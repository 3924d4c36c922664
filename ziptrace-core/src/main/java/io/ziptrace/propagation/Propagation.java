package io.ziptrace.propagation;

import io.ziptrace.TraceContext;
import java.util.List;

/** Reads and writes trace context in request headers (B3, W3C traceparent, ...). */
public interface Propagation {
  /** The lowercase header names this propagation reads or writes, e.g. to clear them on reuse. */
  List<String> keys();

  /** Writes the context into the carrier. Never throws on a valid context. */
  <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter);

  /**
   * Reads the incoming context. Malformed input is treated as absent: this method never throws
   * and returns {@link Extracted#EMPTY} rather than a context built from a malformed id.
   */
  <C> Extracted extract(C carrier, HeaderGetter<C> getter);
}
