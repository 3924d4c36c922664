package io.ziptrace.propagation;

import java.util.List;

/** PLACEHOLDER: replaced by the real codec before commit. */
final class TraceStateHeader {
  private TraceStateHeader() {}

  static String parse(List<String> fieldValues) {
    if (fieldValues.isEmpty()) return null;
    String joined = String.join(",", fieldValues).strip();
    return joined.isEmpty() ? null : joined;
  }
}
