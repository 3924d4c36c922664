package io.ziptrace.propagation;

import io.ziptrace.TraceContext;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether a propagation writes {@code traceparent} for a context: then its readers are W3C peers,
 * which read the W3C {@code baggage} header too. Worked out once per propagation, composites
 * included, so that injecting asks one question.
 */
final class TraceparentWritten {
  private TraceparentWritten() {}

  /** The question for {@code propagation}. */
  static Predicate<TraceContext> by(Propagation propagation) {
    if (propagation instanceof TraceparentPropagation) return context -> true;
    if (propagation instanceof B3WithTraceState) return context -> context.traceState() != null;
    if (propagation instanceof CompositePropagation) {
      List<Propagation> members = ((CompositePropagation) propagation).members();
      Predicate<TraceContext> any = context -> false;
      for (Propagation member : members) any = any.or(by(member));
      return any;
    }
    // A propagation of the application's own: its keys say whether it may write traceparent.
    boolean written = propagation.keys().contains(TraceparentPropagation.TRACEPARENT);
    return context -> written;
  }
}
