package io.ziptrace.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a JSON array of arrays, such as Zipkin's list of traces, into its inner arrays. */
final class JsonArrays {
  private JsonArrays() {}

  /** The bytes of each element of the top-level array {@code json}, whose elements are arrays. */
  static List<byte[]> elements(byte[] json) {
    List<byte[]> elements = new ArrayList<>();
    int depth = 0;
    int start = -1;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') i++; // the escaped character cannot end the string
        else if (b == '"') inString = false;
      } else if (b == '"') {
        inString = true;
      } else if (b == '[' || b == '{') {
        if (++depth == 2 && b == '[') start = i;
      } else if (b == ']' || b == '}') {
        if (depth-- == 2 && b == ']') elements.add(Arrays.copyOfRange(json, start, i + 1));
      }
    }
    return elements;
  }
}
