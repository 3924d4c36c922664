package io.ziptrace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baggage values of a context: an immutable list of fields and their values, in the order
 * they were set. A context carries a handful at most, so a lookup is a scan and a change copies
 * the arrays, which keeps a context without baggage free of any cost beyond one shared field.
 */
final class BaggageValues {
  static final BaggageValues EMPTY = new BaggageValues(new BaggageField[0], new String[0]);

  private final BaggageField[] fields;
  private final String[] values;

  private BaggageValues(BaggageField[] fields, String[] values) {
    this.fields = fields;
    this.values = values;
  }

  boolean isEmpty() {
    return fields.length == 0;
  }

  /** The value of {@code field}, or null. */
  String get(BaggageField field) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].equals(field)) return values[i];
    }
    return null;
  }

  /** These values with {@code field} set to {@code value}, or removed when {@code value} is null. */
  BaggageValues with(BaggageField field, String value) {
    int at = -1;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].equals(field)) at = i;
    }
    if (value == null) {
      if (at < 0) return this;
      if (fields.length == 1) return EMPTY;
      BaggageField[] f = new BaggageField[fields.length - 1];
      String[] v = new String[fields.length - 1];
      for (int i = 0, j = 0; i < fields.length; i++) {
        if (i == at) continue;
        f[j] = fields[i];
        v[j++] = values[i];
      }
      return new BaggageValues(f, v);
    }
    if (at >= 0 && value.equals(values[at])) return this;
    int length = at >= 0 ? fields.length : fields.length + 1;
    BaggageField[] f = java.util.Arrays.copyOf(fields, length);
    String[] v = java.util.Arrays.copyOf(values, length);
    int index = at >= 0 ? at : fields.length;
    f[index] = field;
    v[index] = value;
    return new BaggageValues(f, v);
  }

  /** Field names to values, in the order set; unmodifiable. */
  Map<String, String> asMap() {
    if (fields.length == 0) return Map.of();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i++) map.put(fields[i].name(), values[i]);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
