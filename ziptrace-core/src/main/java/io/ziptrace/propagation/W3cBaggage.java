package io.ziptrace.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** PLACEHOLDER: replaced by the real codec before commit. */
final class W3cBaggage {
  private W3cBaggage() {}

  record Member(String key, String value) {}

  static List<Member> parse(List<String> fieldValues, Predicate<String> wanted) {
    List<Member> out = new ArrayList<>();
    for (String field : fieldValues) {
      for (String m : field.split(",")) {
        int eq = m.indexOf('=');
        if (eq < 1) continue;
        String k = m.substring(0, eq).strip();
        if (wanted.test(k)) out.add(new Member(k, java.net.URLDecoder.decode(m.substring(eq + 1).strip(), java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  static String format(List<Member> members) {
    if (members.isEmpty()) return null;
    StringBuilder sb = new StringBuilder();
    for (Member m : members) {
      if (sb.length() > 0) sb.append(',');
      sb.append(m.key()).append('=').append(java.net.URLEncoder.encode(m.value(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
