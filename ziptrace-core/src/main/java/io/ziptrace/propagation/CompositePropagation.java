package io.ziptrace.propagation;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Several propagations at once, e.g. B3 and W3C during a migration: injects every one, and
 * extracts from the first that finds a context (or, failing that, the first sampling decision).
 */
public final class CompositePropagation implements Propagation {
  private final List<Propagation> propagations;
  private final List<String> keys;

  private CompositePropagation(List<Propagation> propagations) {
    this.propagations = propagations;
    LinkedHashSet<String> allKeys = new LinkedHashSet<>();
    for (Propagation propagation : propagations) allKeys.addAll(propagation.keys());
    this.keys = List.copyOf(allKeys);
  }

  /** Combines {@code propagations}, in order of preference. */
  public static CompositePropagation of(Propagation... propagations) {
    List<Propagation> list = new ArrayList<>();
    for (Propagation propagation : propagations) list.add(Objects.requireNonNull(propagation, "propagation"));
    if (list.isEmpty()) throw new IllegalArgumentException("no propagation given");
    return new CompositePropagation(List.copyOf(list));
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    for (Propagation propagation : propagations) propagation.inject(context, carrier, setter);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    IncomingContext samplingOnly = IncomingContext.EMPTY;
    for (Propagation propagation : propagations) {
      IncomingContext extracted = propagation.extract(carrier, getter);
      if (extracted.context() != null) return extracted;
      if (samplingOnly.isEmpty()) samplingOnly = extracted;
    }
    return samplingOnly;
  }

  @Override
  public String toString() {
    return "CompositePropagation" + propagations;
  }
}
