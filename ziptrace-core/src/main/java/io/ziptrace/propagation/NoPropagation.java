package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.List;

/** Reads and writes no headers: see {@link Propagation#none()}. */
final class NoPropagation implements Propagation {
  static final NoPropagation INSTANCE = new NoPropagation();

  private NoPropagation() {}

  @Override
  public List<String> keys() {
    return List.of();
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {}

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    return IncomingContext.EMPTY;
  }

  @Override
  public String toString() {
    return "Propagation.none()";
  }
}
