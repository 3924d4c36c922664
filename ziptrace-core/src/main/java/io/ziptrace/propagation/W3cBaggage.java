package io.ziptrace.propagation;

import io.ziptrace.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads and writes the value of the W3C Baggage {@code baggage} header: a comma-separated list of
 * {@code key=value} members, each optionally followed by {@code ;property} or {@code
 * ;property=value} metadata. Pure functions over strings; nothing here touches a request.
 *
 * <p>The grammar is the spec's: a key is an HTTP token (letters, digits and {@code
 * !#$%&'*+-.^_`|~}), kept as sent, case and all; a value is a run of baggage-octets (printable
 * ASCII except {@code "} {@code ,} {@code ;} and {@code \}), percent-decoded as UTF-8; optional
 * whitespace (space and tab) may surround keys, values, {@code =}, {@code ,} and {@code ;}.
 * Reading is lenient per member and strict within one, because the spec leaves a malformed header
 * to the implementation and allows dropping the offending member and passing on the rest:
 *
 * <ul>
 *   <li>A member that breaks the grammar anywhere is dropped whole and the others are kept; no
 *       part of a bad member is ever returned. That covers a missing {@code =}, an empty key,
 *       whitespace inside a value, control characters (CR and LF included) and raw non-ASCII
 *       characters, and a malformed property (an empty one, as in {@code k=v;}, or one whose key
 *       is not a token): a property is part of its member's grammar even though its content is
 *       not kept.
 *   <li>A {@code %} that does not start two hex digits ({@code %zz}, or {@code %4} at the end)
 *       drops its member: the spec requires a literal {@code %} to be encoded, so such a value
 *       was not written to the spec and cannot be decoded to what its producer meant. The same
 *       check applies to property values, which follow the value rules.
 *   <li>Escapes that decode to bytes which are not valid UTF-8 become U+FFFD: the spec requires
 *       that replacement rather than rejecting the member.
 *   <li>Empty list elements ({@code a=1,,b=2}) are skipped, as HTTP requires of any
 *       comma-separated list.
 * </ul>
 *
 * <p>The spec requires passing on every member while the list, all fields combined, has at most
 * 64 members and 8192 bytes. Beyond that it allows dropping list-members until both limits hold,
 * leaves which ones to the implementation, asks to pass on as much as is reasonable, and forbids
 * passing on part of a member. So a long header is not dropped whole: reading measures the raw
 * text first and parses only the members that end within its first 8192 bytes (the one the limit
 * cuts is dropped, and nothing after it is looked at), keeping the first 64 distinct wanted keys;
 * writing adds whole members while both limits hold. The work per request is bounded whatever
 * arrives, and 64 members stay well within the 180 that the grammar allows.
 *
 * <p>Keys may repeat in a header. Reading keeps one member a key: the value of its last
 * well-formed occurrence, at the place where the key first appeared. The spec allows keeping the
 * first or the last; the last is what makes its appendable design work, since a hop can then
 * change a key by appending a member without parsing what came before.
 */
final class W3cBaggage {
  /** The combined header size up to which every member must be passed on. */
  static final int MAX_BYTES = 8192;
  /** The member count up to which every member must be passed on. */
  static final int MAX_MEMBERS = 64;

  private static final String TCHARS =
      "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final long TCHAR_LOW = bits(TCHARS, 0);
  private static final long TCHAR_HIGH = bits(TCHARS, 64);
  /** Baggage-octets: 0x21 to 0x7E except {@code " , ; \}. */
  private static final long OCTET_LOW = -1L << 0x21 & ~bits("\",;", 0);
  private static final long OCTET_HIGH = -1L >>> 1 & ~bits("\\", 64);
  private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

  private W3cBaggage() {}

  /** One baggage list-member: its key and its percent-decoded value (properties are not kept). */
  record Member(String key, String value) {}

  /**
   * Parses the values of every {@code baggage} header field of a request (several fields are
   * combined as one list, as RFC 9110 combines fields), keeping only members whose key {@code
   * wanted} accepts, in order.
   *
   * <p>The limits apply to the combined value, fields joined by one comma, and the size is
   * measured on the raw text before it is parsed: only the members that end within its first
   * {@link #MAX_BYTES} bytes (UTF-8) are read, a member cut by the limit is dropped, and nothing
   * after it is looked at. At most {@link
   * #MAX_MEMBERS} members are returned: once that many keys are kept, later members can only
   * replace the value of a kept key. {@code wanted} is asked about a member's key before its value
   * is read, so a caller can drop keys it does not know without paying for their values; it is
   * not asked again about a key it already accepted, nor about any new key once the list is full.
   *
   * <p>Never throws on any input (an exception from {@code wanted} itself propagates); returns an
   * empty list for null or empty input, a null {@code wanted} or null fields (those are skipped).
   *
   * @return an unmodifiable list with distinct keys
   */
  static List<Member> parse(List<String> fieldValues, Predicate<String> wanted) {
    if (fieldValues == null || fieldValues.isEmpty() || wanted == null) return List.of();
    Reader reader = new Reader(wanted);
    boolean first = true;
    for (String field : fieldValues) {
      if (field == null) continue;
      if (!first && --reader.budget < 0) break; // the comma joining this field to the previous ones
      first = false;
      if (!reader.field(field)) break;
    }
    return reader.kept == null ? List.of() : Collections.unmodifiableList(reader.kept);
  }

  /**
   * The header value for {@code members} (keys must be tokens; values are percent-encoded), or
   * null when nothing is written. Never throws.
   *
   * <p>Values are encoded so that they read back unchanged: every character outside the
   * baggage-octets, and {@code %} itself, becomes {@code %XX} escapes of its UTF-8 bytes
   * (uppercase hex); a lone surrogate, which has no UTF-8 form, is written as {@code ?}.
   * Members with a null value or a key that is not a token are skipped, as are null members.
   * Since producers should not repeat a key, a repeated key is written once, with its last value
   * at the place where it first appeared (as {@link #parse} reads it). The first {@link
   * #MAX_MEMBERS} keys are considered; one that would take the value past {@link #MAX_BYTES}
   * bytes is left out and the next ones are still tried, so one big value does not crowd out the
   * small ones after it. The value has no whitespace and no trailing comma.
   */
  static String format(List<Member> members) {
    if (members == null || members.isEmpty()) return null;
    Member[] chosen = new Member[Math.min(members.size(), MAX_MEMBERS)];
    int count = 0;
    for (Member member : members) {
      if (member == null || member.value() == null || !isToken(member.key())) continue;
      int slot = indexOfKey(chosen, count, member.key());
      if (slot >= 0) {
        chosen[slot] = member;
      } else if (count < chosen.length) {
        chosen[count++] = member;
      }
    }
    int size = 0;
    for (int j = 0; j < count; j++) {
      Member member = chosen[j];
      int fixed = (size == 0 ? 0 : 1) + member.key().length() + 1; // comma, key and '='
      int valueSize = encodedSize(member.value(), MAX_BYTES - size - fixed);
      if (valueSize < 0) {
        chosen[j] = null; // does not fit; a smaller one after it still may
      } else {
        size += fixed + valueSize;
      }
    }
    if (size == 0) return null;
    StringBuilder out = new StringBuilder(size);
    byte[] utf8 = new byte[4];
    for (int j = 0; j < count; j++) {
      Member member = chosen[j];
      if (member == null) continue;
      if (out.length() > 0) out.append(',');
      out.append(member.key()).append('=');
      appendEncoded(member.value(), out, utf8);
    }
    return out.toString();
  }

  /** Reads members out of field values, within the limits, into {@link #kept}. */
  private static final class Reader {
    final Predicate<String> wanted;
    /** The bytes of the combined header not yet read. */
    int budget = MAX_BYTES;
    /** The members kept so far; null until the first one. */
    ArrayList<Member> kept;
    /** Set by {@link #value}: how many {@code %XX} escapes the value has, or -1 for a bad one. */
    int escapes;

    Reader(Predicate<String> wanted) {
      this.wanted = wanted;
    }

    /**
     * Reads the members of {@code s} that end within the budget; returns whether all of {@code s}
     * fitted (when not, the limit is reached and nothing after it may be read).
     */
    boolean field(String s) {
      int length = s.length();
      int end = 0;
      int bytes = 0;
      while (end < length) {
        int size = utf8Size(s, end);
        if (bytes + size > budget) break;
        bytes += size;
        end += size == 4 ? 2 : 1;
      }
      budget -= bytes;
      boolean whole = end == length;
      // A member is whole only if a comma follows it; the one the limit cuts is dropped whole.
      if (!whole && s.charAt(end) != ',') end = Math.max(s.lastIndexOf(',', end - 1), 0);
      int i = 0;
      while (i < end) i = member(s, i, end) + 1; // one list element a turn, then the comma after it
      return whole;
    }

    /**
     * Reads the list element starting at {@code i} and keeps it if it is a well-formed member
     * with a wanted key; returns the index of the comma ending it, or {@code end}.
     */
    private int member(String s, int i, int end) {
      i = ows(s, i, end);
      if (i == end || s.charAt(i) == ',') return i; // an empty list element
      int keyStart = i;
      i = token(s, i, end);
      int keyEnd = i;
      i = ows(s, i, end);
      if (keyEnd == keyStart || i == end || s.charAt(i) != '=') return skip(s, i, end);
      String key = wantedKey(s, keyStart, keyEnd);
      if (key == null) return skip(s, i, end);
      int valueStart = ows(s, i + 1, end);
      i = value(s, valueStart, end);
      int valueEnd = i;
      int valueEscapes = escapes;
      if (valueEscapes < 0) return skip(s, i, end);
      i = ows(s, i, end);
      while (i < end && s.charAt(i) == ';') { // properties: checked, not kept
        int propertyStart = ows(s, i + 1, end);
        i = token(s, propertyStart, end);
        if (i == propertyStart) return skip(s, i, end);
        i = ows(s, i, end);
        if (i < end && s.charAt(i) == '=') {
          i = value(s, ows(s, i + 1, end), end);
          if (escapes < 0) return skip(s, i, end);
          i = ows(s, i, end);
        }
      }
      if (i < end && s.charAt(i) != ',') return skip(s, i, end);
      keep(key, decode(s, valueStart, valueEnd, valueEscapes));
      return i;
    }

    /**
     * The key at {@code s[start, end)} if it is kept already or {@code wanted} accepts it while
     * there is room for another member, else null.
     */
    private String wantedKey(String s, int start, int end) {
      int length = end - start;
      int count = kept == null ? 0 : kept.size();
      for (int j = 0; j < count; j++) {
        String key = kept.get(j).key();
        if (key.length() == length && s.regionMatches(start, key, 0, length)) return key;
      }
      if (count == MAX_MEMBERS) return null;
      String key = s.substring(start, end);
      return wanted.test(key) ? key : null;
    }

    /** Adds the member, or replaces the value of the one kept under the same key instance. */
    private void keep(String key, String value) {
      if (kept == null) kept = new ArrayList<>();
      for (int j = 0; j < kept.size(); j++) {
        if (kept.get(j).key() == key) { // wantedKey returned the kept instance for a repeated key
          kept.set(j, new Member(key, value));
          return;
        }
      }
      kept.add(new Member(key, value));
    }

    /**
     * Steps over the baggage-octets of a value from {@code i}, setting {@link #escapes}; returns
     * where they end.
     */
    private int value(String s, int i, int end) {
      int count = 0;
      while (i < end) {
        char c = s.charAt(i);
        if (c == '%') {
          if (i + 2 >= end || hexValue(s.charAt(i + 1)) < 0 || hexValue(s.charAt(i + 2)) < 0) {
            escapes = -1;
            return i;
          }
          count++;
          i += 3;
        } else if (isOctet(c)) {
          i++;
        } else {
          break;
        }
      }
      escapes = count;
      return i;
    }
  }

  /** The value at {@code s[start, end)}, whose {@code escapes} escapes are all well-formed, decoded. */
  private static String decode(String s, int start, int end, int escapes) {
    if (escapes == 0) return s.substring(start, end);
    byte[] bytes = new byte[end - start - 2 * escapes];
    for (int i = start, j = 0; i < end; j++) {
      char c = s.charAt(i);
      if (c == '%') {
        bytes[j] = (byte) (hexValue(s.charAt(i + 1)) << 4 | hexValue(s.charAt(i + 2)));
        i += 3;
      } else {
        bytes[j] = (byte) c;
        i++;
      }
    }
    // Bytes that are not valid UTF-8 decode to U+FFFD, the replacement the spec requires.
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The length of {@code value} once encoded, or -1 when that is over {@code limit}. */
  private static int encodedSize(String value, int limit) {
    int size = 0;
    int length = value.length();
    for (int i = 0; i < length && size <= limit; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        size += c != '%' && isOctet(c) ? 1 : 3;
        continue;
      }
      int bytes = utf8Size(value, i);
      size += bytes == 1 ? 1 : 3 * bytes; // one byte is the '?' written for a lone surrogate
      if (bytes == 4) i++;
    }
    return size <= limit ? size : -1;
  }

  /** Appends {@code value} percent-encoded, using {@code utf8} as scratch for a character's bytes. */
  private static void appendEncoded(String value, StringBuilder out, byte[] utf8) {
    int length = value.length();
    int safeFrom = 0; // a run of characters written as they are is appended in one call
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80 && c != '%' && isOctet(c)) continue;
      out.append(value, safeFrom, i);
      safeFrom = i + 1;
      if (c < 0x80) {
        appendOctet(c, out);
        continue;
      }
      int n = Utf8.writeNonAscii(value, i, utf8, 0);
      for (int b = 0; b < n; b++) appendOctet(utf8[b] & 0xff, out);
      if (n == 4) safeFrom = ++i + 1; // a surrogate pair: two chars, four bytes
    }
    out.append(value, safeFrom, length);
  }

  private static void appendOctet(int b, StringBuilder out) {
    if (b < 0x80 && b != '%' && isOctet((char) b)) {
      out.append((char) b);
    } else {
      out.append('%').append(HEX_DIGITS[b >> 4]).append(HEX_DIGITS[b & 0xf]);
    }
  }

  /**
   * The UTF-8 size of the character at {@code i}: 4 for a surrogate pair (two chars), and 1 for a
   * lone surrogate, which {@link Utf8} writes as {@code ?}.
   */
  private static int utf8Size(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) return 1;
    if (c < 0x800) return 2;
    if (!Character.isSurrogate(c)) return 3;
    return Utf8.isPairAt(s, i) ? 4 : 1;
  }

  private static int indexOfKey(Member[] members, int count, String key) {
    for (int j = 0; j < count; j++) {
      if (members[j].key().equals(key)) return j;
    }
    return -1;
  }

  private static boolean isToken(String s) {
    if (s == null || s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) return false;
    }
    return true;
  }

  private static int ows(String s, int i, int end) {
    while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    return i;
  }

  private static int token(String s, int i, int end) {
    while (i < end && isTchar(s.charAt(i))) i++;
    return i;
  }

  /** The index of the comma ending the element that {@code i} is in, or {@code end}. */
  private static int skip(String s, int i, int end) {
    while (i < end && s.charAt(i) != ',') i++;
    return i;
  }

  private static boolean isTchar(char c) {
    return in(c, TCHAR_LOW, TCHAR_HIGH);
  }

  private static boolean isOctet(char c) {
    return in(c, OCTET_LOW, OCTET_HIGH);
  }

  /** Whether ASCII {@code c} has its bit set in the 128-bit set {@code low}:{@code high}. */
  private static boolean in(char c, long low, long high) {
    if (c < 64) return (low >>> c & 1L) != 0;
    return c < 128 && (high >>> (c - 64) & 1L) != 0;
  }

  /** The bits of {@code chars} that fall in {@code [offset, offset + 64)}. */
  private static long bits(String chars, int offset) {
    long bits = 0L;
    for (int i = 0; i < chars.length(); i++) {
      int c = chars.charAt(i) - offset;
      if (c >= 0 && c < 64) bits |= 1L << c;
    }
    return bits;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
}
