package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.BaggageField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;

/**
 * The baggage fields Spring Boot's {@code management.tracing.baggage.*} properties declare, as
 * ziptrace fields: each remote field travels in the W3C {@code baggage} header and in a header of
 * its own name (as Brave sends it, so Brave-traced peers keep reading it), each local field stays
 * in the process, and a field also named in {@code tag-fields} tags the spans that carry it. A
 * name ziptrace cannot use fails the application's start, naming the property.
 */
final class BaggageFieldsFromProperties {
  private BaggageFieldsFromProperties() {}

  /** The declared fields, remote ones first; empty when baggage is disabled. */
  static List<BaggageField> of(TracingProperties.Baggage baggage) {
    if (!baggage.isEnabled()) return List.of();
    Map<String, BaggageField> fields = new LinkedHashMap<>();
    declare(fields, baggage.getRemoteFields(), "remote-fields", name -> BaggageField.remote(name).withHeader(name));
    declare(fields, baggage.getLocalFields(), "local-fields", BaggageField::local);
    List<BaggageField> declared = new ArrayList<>();
    for (BaggageField field : fields.values()) {
      declared.add(baggage.getTagFields().contains(field.name()) ? field.taggedAs(field.name()) : field);
    }
    return List.copyOf(declared);
  }

  private static void declare(Map<String, BaggageField> fields, List<String> names, String property,
      Function<String, BaggageField> declaration) {
    for (String name : names) {
      if (fields.containsKey(name)) continue; // a name in both lists stays remote, as declared first
      try {
        fields.put(name, declaration.apply(name));
      } catch (IllegalArgumentException e) {
        throw new InvalidTracingPropertyException("management.tracing.baggage." + property, "'" + name + "'",
            "each field ziptrace can propagate (" + e.getMessage() + ")", e);
      }
    }
  }
}
