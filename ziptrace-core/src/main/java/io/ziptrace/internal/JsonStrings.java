package io.ziptrace.internal;

/**
 * JSON string escaping straight into byte arrays. Quotes, backslashes and control characters
 * are escaped; U+2028 and U+2029 too, so the output is also safe inside JavaScript; everything
 * else is UTF-8 (see {@link Utf8} for lone surrogates).
 *
 * <p>Zipkin's server treats any body containing {@code yAnnotations"} as Zipkin v1 JSON and
 * rejects it, so a string ending in {@code yAnnotations} has its final {@code s} escaped as
 * {@code \u0073}: the same string once decoded, without those bytes on the wire.
 *
 * <p>Most strings need no escaping at all: their plain ASCII prefix is found in one tight loop
 * and copied in bulk, and strings seen plain before are copied without looking at them again.
 *
 * <p>Internal: not part of the supported API and may change in any release.
 */
public final class JsonStrings {
  private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  private static final String V1_MARKER = "yAnnotations";

  private JsonStrings() {}

  /**
   * The number of bytes {@link #writeEscaped} writes for {@code s}, quotes excluded. A string
   * found plain here is remembered (see {@link RecentPlainStrings}), so that writing it, and
   * measuring it again, skip reading its chars.
   */
  public static int escapedSize(String s) {
    int len = s.length();
    if (RecentPlainStrings.contains(s)) return len;
    int plain = plainPrefix(s, len);
    if (plain < len) return plain + escapedSizeFrom(s, plain);
    if (endsLikeV1(s)) return len + 5;
    RecentPlainStrings.add(s);
    return len;
  }

  /** Writes {@code s} escaped, without quotes, at {@code pos}; returns the position after it. */
  public static int writeEscaped(String s, byte[] out, int pos) {
    int len = s.length();
    if (RecentPlainStrings.contains(s)) return Ascii.writeChars(s, 0, len, out, pos);
    int plain = plainPrefix(s, len);
    pos = Ascii.writeChars(s, 0, plain, out, pos);
    if (plain < len) return writeEscapedFrom(s, plain, out, pos);
    // All plain: only the final 's' of a v1 marker, copied above, still needs its escape.
    return endsLikeV1(s) ? writeUnicodeEscape('s', out, pos - 1) : pos;
  }

  /**
   * The number of leading chars of {@code s} written as they are: ASCII that is neither a
   * control character, a quote nor a backslash. One tight loop, so that the usual string is
   * measured by its length and copied in bulk.
   */
  private static int plainPrefix(String s, int len) {
    int i = 0;
    while (i < len && isPlain(s.charAt(i))) i++;
    return i;
  }

  private static boolean isPlain(char c) {
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
  }

  /** The escaped size of {@code s} from {@code start} on, v1 marker included. */
  private static int escapedSizeFrom(String s, int start) {
    int len = s.length();
    int size = 0;
    for (int i = start; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        size += asciiSize(c);
      } else if (c == '\u2028' || c == '\u2029') {
        size += 6;
      } else if (c < 0x800) {
        size += 2;
      } else if (!Character.isSurrogate(c)) {
        size += 3;
      } else if (Utf8.isPairAt(s, i)) {
        size += 4;
        i++;
      } else {
        size += 1;
      }
    }
    return endsLikeV1(s) ? size + 5 : size;
  }

  /** Writes {@code s} escaped from {@code start} on and returns the position after it. */
  private static int writeEscapedFrom(String s, int start, byte[] out, int pos) {
    int len = endsLikeV1(s) ? s.length() - 1 : s.length();
    for (int i = start; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        pos = writeAscii(c, out, pos);
      } else if (c == '\u2028' || c == '\u2029') {
        pos = writeUnicodeEscape(c, out, pos);
      } else {
        pos = Utf8.writeNonAscii(s, i, out, pos);
        if (Character.isHighSurrogate(c) && Utf8.isPairAt(s, i)) i++;
      }
    }
    if (len < s.length()) pos = writeUnicodeEscape('s', out, pos);
    return pos;
  }

  private static boolean endsLikeV1(String s) {
    int len = s.length();
    // Two chars rule out nearly every string before the full comparison.
    return len >= V1_MARKER.length() && s.charAt(len - 1) == 's' && s.charAt(len - V1_MARKER.length()) == 'y'
        && s.endsWith(V1_MARKER);
  }

  private static int asciiSize(char c) {
    if (c >= 0x20) return c == '"' || c == '\\' ? 2 : 1;
    return shortEscape(c) != 0 ? 2 : 6;
  }

  private static int writeAscii(char c, byte[] out, int pos) {
    if (c >= 0x20 && c != '"' && c != '\\') {
      out[pos] = (byte) c;
      return pos + 1;
    }
    char escape = c >= 0x20 ? c : shortEscape(c);
    if (escape == 0) return writeUnicodeEscape(c, out, pos);
    out[pos] = '\\';
    out[pos + 1] = (byte) escape;
    return pos + 2;
  }

  /** The letter of a two-character escape like {@code \n}, or 0 when there is none. */
  private static char shortEscape(char c) {
    switch (c) {
      case '\n': return 'n';
      case '\r': return 'r';
      case '\t': return 't';
      case '\b': return 'b';
      case '\f': return 'f';
      default: return 0;
    }
  }

  private static int writeUnicodeEscape(char c, byte[] out, int pos) {
    out[pos] = '\\';
    out[pos + 1] = 'u';
    out[pos + 2] = HEX[(c >> 12) & 0xf];
    out[pos + 3] = HEX[(c >> 8) & 0xf];
    out[pos + 4] = HEX[(c >> 4) & 0xf];
    out[pos + 5] = HEX[c & 0xf];
    return pos + 6;
  }
}
