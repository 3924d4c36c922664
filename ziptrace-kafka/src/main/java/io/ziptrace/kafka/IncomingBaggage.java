package io.ziptrace.kafka;

import io.ziptrace.BaggageField;
import io.ziptrace.IncomingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The baggage values a record's headers carried, moved along when what the headers said about
 * the trace is replaced (a trace-id-only header read, a topic sampler's decision), and compared
 * when records without context share a CONSUMER span.
 */
final class IncomingBaggage {
  private IncomingBaggage() {}

  /** {@code to} with the values of {@code fields} that {@code from} carries. */
  static IncomingContext copy(IncomingContext from, IncomingContext to, List<BaggageField> fields) {
    IncomingContext result = to;
    for (BaggageField field : fields) {
      String value = from.baggage(field);
      if (value != null) result = result.withBaggage(field, value);
    }
    return result;
  }

  /** The value of each of {@code fields} in {@code incoming}, null where it has none, in order. */
  static List<String> values(IncomingContext incoming, List<BaggageField> fields) {
    if (fields.isEmpty()) return List.of();
    List<String> values = new ArrayList<>(fields.size());
    for (BaggageField field : fields) values.add(incoming.baggage(field));
    return values;
  }
}
