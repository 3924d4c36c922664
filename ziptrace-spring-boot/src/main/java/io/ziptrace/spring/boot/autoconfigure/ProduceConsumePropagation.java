package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import io.ziptrace.propagation.B3Propagation;
import io.ziptrace.propagation.CompositePropagation;
import io.ziptrace.propagation.HeaderGetter;
import io.ziptrace.propagation.HeaderSetter;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.propagation.TraceparentPropagation;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties.Propagation.PropagationType;

/**
 * Spring Boot's propagation settings as one ziptrace {@link Propagation}: it writes the formats of
 * {@code management.tracing.propagation.produce} and reads those of {@code ...consume}, in their
 * order of preference ({@code ...type}, when set, stands for both lists).
 */
final class ProduceConsumePropagation implements Propagation {
  private final Propagation produce;
  private final Propagation consume;
  private final List<String> keys;

  private ProduceConsumePropagation(Propagation produce, Propagation consume) {
    this.produce = produce;
    this.consume = consume;
    LinkedHashSet<String> all = new LinkedHashSet<>(produce.keys());
    all.addAll(consume.keys());
    this.keys = List.copyOf(all);
  }

  /** The propagation {@code properties} ask for. */
  static ProduceConsumePropagation from(TracingProperties.Propagation properties) {
    List<PropagationType> type = properties.getType();
    return new ProduceConsumePropagation(
        of(type != null ? type : properties.getProduce()), of(type != null ? type : properties.getConsume()));
  }

  /** The formats in order of preference; none when the list is empty. */
  private static Propagation of(List<PropagationType> types) {
    List<Propagation> formats = types.stream().distinct().map(ProduceConsumePropagation::format).toList();
    if (formats.isEmpty()) return Propagation.none();
    return formats.size() == 1 ? formats.get(0) : CompositePropagation.of(formats.toArray(new Propagation[0]));
  }

  private static Propagation format(PropagationType type) {
    return switch (type) {
      case W3C -> TraceparentPropagation.create();
      case B3 -> B3Propagation.single();
      case B3_MULTI -> B3Propagation.multi();
    };
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    produce.inject(context, carrier, setter);
  }

  @Override
  public <C> IncomingContext extract(C carrier, HeaderGetter<C> getter) {
    return consume.extract(carrier, getter);
  }

  @Override
  public String toString() {
    return "ProduceConsumePropagation{produce=" + produce + ", consume=" + consume + "}";
  }
}
