package io.ziptrace.it.reliability;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grammars of the W3C headers ziptrace writes, checked independently of ziptrace's own codecs:
 * {@code traceparent} and {@code tracestate} (Trace Context, "HTTP Request Header Format") and
 * {@code baggage} (Baggage, "HTTP Header Format"). Each check returns what is wrong, empty when the
 * value is valid, so that a failure names the rule it broke.
 */
final class W3cGrammar {
  /** Trace Context: at most 32 list members. */
  static final int TRACESTATE_MAX_MEMBERS = 32;
  /** Trace Context: a key is 1 to 256 characters, a value 1 to 256. */
  static final int TRACESTATE_MAX_KEY = 256;
  static final int TRACESTATE_MAX_VALUE = 256;
  /** Baggage: what every platform must propagate, and ziptrace never exceeds when writing. */
  static final int BAGGAGE_MAX_BYTES = 8192;
  static final int BAGGAGE_MAX_MEMBERS = 64;

  private W3cGrammar() {}

  /** A {@code traceparent} as a writer of version 00 must send it. */
  static List<String> traceparentProblems(String value) {
    List<String> problems = new ArrayList<>();
    if (value == null) return List.of("absent");
    if (value.length() != 55) return List.of("length " + value.length() + ", not 55");
    if (!value.startsWith("00-") || value.charAt(35) != '-' || value.charAt(52) != '-') problems.add("not 00-{32}-{16}-{2}");
    if (!lowerHex(value, 3, 35) || !lowerHex(value, 36, 52) || !lowerHex(value, 53, 55)) problems.add("not lowercase hex");
    if (value.substring(3, 35).chars().allMatch(c -> c == '0')) problems.add("all-zero trace id");
    if (value.substring(36, 52).chars().allMatch(c -> c == '0')) problems.add("all-zero parent id");
    if (problems.isEmpty() && (Integer.parseInt(value.substring(53), 16) & ~3) != 0) problems.add("flags beyond sampled and random");
    return problems;
  }

  /** The trace id of a valid {@code traceparent}. */
  static String traceId(String traceparent) {
    return traceparent.substring(3, 35);
  }

  /**
   * A combined {@code tracestate} (its fields joined with commas) as a vendor may send it: a list
   * of at most 32 members {@code key=value}, separated by commas with optional spaces or tabs.
   * Keys: a lowercase letter or digit, then up to 255 of lowercase letters, digits and {@code
   * _-*}{@code /@}. Values: 1 to 256 printable ASCII characters but comma and equals, the last not
   * a space. Not blank: a vendor should not send an empty list. Duplicated keys are accepted (the
   * specification lets a vendor pass them on as they came).
   */
  static List<String> traceStateProblems(String combined) {
    List<String> problems = new ArrayList<>();
    if (combined == null) return List.of("absent");
    problems.addAll(characterProblems(combined));
    if (!problems.isEmpty()) return problems;
    List<String> members = new ArrayList<>();
    for (String member : combined.split(",", -1)) {
      String trimmed = trimOws(member);
      if (!trimmed.isEmpty()) members.add(trimmed);
    }
    if (members.isEmpty()) return List.of("blank");
    if (members.size() > TRACESTATE_MAX_MEMBERS) problems.add(members.size() + " members, over " + TRACESTATE_MAX_MEMBERS);
    for (String member : members) {
      int eq = member.indexOf('=');
      if (eq < 0) {
        problems.add("member without '=': " + shorten(member));
        continue;
      }
      String key = member.substring(0, eq);
      String value = member.substring(eq + 1);
      if (!isTraceStateKey(key)) problems.add("invalid key: " + shorten(key));
      if (!isTraceStateValue(value)) problems.add("invalid value of " + shorten(key) + ": " + shorten(value));
    }
    return problems;
  }

  static boolean isTraceStateKey(String key) {
    if (key.isEmpty() || key.length() > TRACESTATE_MAX_KEY) return false;
    char first = key.charAt(0);
    if (!(first >= 'a' && first <= 'z' || first >= '0' && first <= '9')) return false;
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_-*/@".indexOf(c) >= 0)) return false;
    }
    return true;
  }

  static boolean isTraceStateValue(String value) {
    if (value.isEmpty() || value.length() > TRACESTATE_MAX_VALUE) return false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
    }
    return value.charAt(value.length() - 1) != ' ';
  }

  /**
   * A combined {@code baggage} as ziptrace may send it: the grammar (members {@code key OWS "="
   * OWS value} with optional {@code ;} properties, keys HTTP tokens, values of baggage-octets with
   * well-formed percent-escapes decoding to UTF-8), within both limits every platform must
   * propagate (8,192 bytes, 64 members), each key one of {@code allowedKeys} and sent once.
   */
  static List<String> baggageProblems(String combined, List<String> allowedKeys) {
    List<String> problems = new ArrayList<>();
    if (combined == null) return List.of("absent");
    problems.addAll(characterProblems(combined));
    if (!problems.isEmpty()) return problems;
    int bytes = combined.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > BAGGAGE_MAX_BYTES) problems.add(bytes + " bytes, over " + BAGGAGE_MAX_BYTES);
    String[] members = combined.split(",", -1);
    if (members.length > BAGGAGE_MAX_MEMBERS) problems.add(members.length + " members, over " + BAGGAGE_MAX_MEMBERS);
    List<String> keys = new ArrayList<>();
    for (String member : members) {
      String[] parts = member.split(";", -1);
      String[] keyValue = keyAndValue(parts[0]);
      if (keyValue == null || keyValue[1] == null) {
        problems.add("member is not key=value: " + shorten(member));
        continue;
      }
      String key = keyValue[0];
      if (!isToken(key)) problems.add("key is not a token: " + shorten(key));
      if (!allowedKeys.contains(key)) problems.add("key not declared remote: " + shorten(key));
      if (keys.contains(key)) problems.add("key sent twice: " + key);
      keys.add(key);
      String valueProblem = baggageValueProblem(keyValue[1]);
      if (valueProblem != null) problems.add("value of " + shorten(key) + " " + valueProblem);
      for (int p = 1; p < parts.length; p++) {
        String[] property = keyAndValue(parts[p]);
        if (property == null || !isToken(property[0])) {
          problems.add("invalid property: " + shorten(parts[p]));
        } else if (property[1] != null && baggageValueProblem(property[1]) != null) {
          problems.add("property value " + baggageValueProblem(property[1]));
        }
      }
    }
    return problems;
  }

  /**
   * The members of a valid {@code baggage}, key to percent-decoded value (properties left out; the
   * first of duplicated keys).
   */
  static Map<String, String> decodeBaggage(String combined) {
    Map<String, String> decoded = new LinkedHashMap<>();
    for (String member : combined.split(",", -1)) {
      String[] keyValue = keyAndValue(member.split(";", -1)[0]);
      decoded.putIfAbsent(keyValue[0], percentDecode(keyValue[1]));
    }
    return decoded;
  }

  /**
   * A value sent in a header of its own: what a peer's header parser takes as one value, printable
   * ASCII (and tab) only, of at most {@code maxLength} characters.
   */
  static List<String> plainHeaderProblems(String value, int maxLength) {
    List<String> problems = new ArrayList<>(characterProblems(value));
    if (value.isEmpty()) problems.add("empty");
    if (value.length() > maxLength) problems.add(value.length() + " characters, over " + maxLength);
    return problems;
  }

  /** No control character (CR and LF among them) and nothing beyond ASCII; tab is optional whitespace. */
  static List<String> characterProblems(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') return List.of("CR or LF at " + i);
      if (c < 0x20 && c != '\t' || c == 0x7f) return List.of(String.format("control character U+%04X at %d", (int) c, i));
      if (c > 0x7f) return List.of(String.format("non-ASCII U+%04X at %d", (int) c, i));
    }
    return List.of();
  }

  /** {key, value} of {@code key OWS "=" OWS value} with OWS around; value null for a bare key; null when no key. */
  private static String[] keyAndValue(String text) {
    String trimmed = trimOws(text);
    int eq = trimmed.indexOf('=');
    String key = trimOws(eq < 0 ? trimmed : trimmed.substring(0, eq));
    if (key.isEmpty()) return null;
    return new String[] {key, eq < 0 ? null : trimOws(trimmed.substring(eq + 1))};
  }

  /** Null when {@code value} is baggage-octets with well-formed escapes that decode to UTF-8. */
  private static String baggageValueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean octet = c == 0x21 || c >= 0x23 && c <= 0x2b || c >= 0x2d && c <= 0x3a || c >= 0x3c && c <= 0x5b
          || c >= 0x5d && c <= 0x7e;
      if (!octet) return "has " + describe(c) + " at " + i;
      if (c == '%' && (i + 2 >= value.length() || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2)))) {
        return "has a malformed percent-escape at " + i;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(percentBytes(value)));
    } catch (CharacterCodingException e) {
      return "decodes to bytes that are not UTF-8";
    }
    return null;
  }

  private static String percentDecode(String value) {
    return new String(percentBytes(value), StandardCharsets.UTF_8);
  }

  private static byte[] percentBytes(String value) {
    byte[] bytes = new byte[value.length()];
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
        bytes[n++] = (byte) Integer.parseInt(value.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return java.util.Arrays.copyOf(bytes, n);
  }

  /** RFC 9110's token: one or more tchar. */
  static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) return false;
    }
    return true;
  }

  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) start++;
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
    return s.substring(start, end);
  }

  private static boolean lowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!(s.charAt(i) >= '0' && s.charAt(i) <= '9' || s.charAt(i) >= 'a' && s.charAt(i) <= 'f')) return false;
    }
    return true;
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static String describe(char c) {
    return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...(" + s.length() + " chars)";
  }
}
