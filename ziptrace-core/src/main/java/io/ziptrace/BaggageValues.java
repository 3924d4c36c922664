package io.ziptrace;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baggage values of a context: an immutable list of fields and their values, in the order
 * they were set. A context carries a handful at most, so a lookup is a scan and a change copies
 * the arrays, which keeps a context without baggage free of any cost beyond one shared field.
 * Several changes at once (propagation reading a request's fields) go through an {@link Editor},
 * which copies once.
 */
final class BaggageValues {
  static final BaggageValues EMPTY = new BaggageValues(new BaggageField[0], new String[0], 0);

  // The first `size` entries are the values; the arrays may be longer when an editor built them.
  // Never written once this object exists.
  private final BaggageField[] fields;
  private final String[] values;
  private final int size;

  private BaggageValues(BaggageField[] fields, String[] values, int size) {
    this.fields = fields;
    this.values = values;
    this.size = size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The value of {@code field}, or null. */
  String get(BaggageField field) {
    int at = indexOf(fields, size, field);
    return at < 0 ? null : values[at];
  }

  /** These values with {@code field} set to {@code value}, or removed when {@code value} is null. */
  BaggageValues with(BaggageField field, String value) {
    int at = indexOf(fields, size, field);
    if (value == null ? at < 0 : at >= 0 && value.equals(values[at])) return this;
    Editor editor = new Editor(this, value == null ? 0 : 1);
    editor.set(field, value);
    return editor.done();
  }

  /** An editor starting from these values, room made for {@code additions} new fields. */
  Editor edit(int additions) {
    return new Editor(this, additions);
  }

  /** Field names to values, in the order set; unmodifiable. */
  Map<String, String> asMap() {
    if (size == 0) return Map.of();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) map.put(fields[i].name(), values[i]);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  private static int indexOf(BaggageField[] fields, int size, BaggageField field) {
    for (int i = 0; i < size; i++) {
      if (fields[i].equals(field)) return i;
    }
    return -1;
  }

  /**
   * Several changes to a {@link BaggageValues}, copied once: the arrays it fills become the
   * result's, so {@link #done} hands them over and the editor must not be used after it.
   */
  static final class Editor {
    private BaggageField[] fields;
    private String[] values;
    private int size;

    private Editor(BaggageValues base, int additions) {
      this.size = base.size;
      this.fields = Arrays.copyOf(base.fields, base.size + Math.max(additions, 0));
      this.values = Arrays.copyOf(base.values, fields.length);
    }

    /** Sets {@code field} to {@code value}, or removes it when {@code value} is null. */
    void set(BaggageField field, String value) {
      int at = indexOf(fields, size, field);
      if (value == null) {
        if (at < 0) return;
        System.arraycopy(fields, at + 1, fields, at, size - at - 1);
        System.arraycopy(values, at + 1, values, at, size - at - 1);
        fields[--size] = null;
        values[size] = null;
      } else if (at >= 0) {
        values[at] = value;
      } else {
        if (size == fields.length) {
          fields = Arrays.copyOf(fields, size + 4);
          values = Arrays.copyOf(values, size + 4);
        }
        fields[size] = field;
        values[size++] = value;
      }
    }

    /** The edited values; this editor is spent. */
    BaggageValues done() {
      if (size == 0) return EMPTY;
      BaggageValues result = new BaggageValues(fields, values, size);
      fields = null;
      values = null;
      return result;
    }
  }
}
