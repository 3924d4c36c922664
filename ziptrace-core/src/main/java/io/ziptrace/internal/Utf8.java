package io.ziptrace.internal;

/**
 * UTF-8 sizing and writing straight into byte arrays, without intermediate strings. A lone
 * surrogate (half of a broken pair) is written as {@code ?}, so output is always valid UTF-8.
 * Internal: not part of the supported API and may change in any release.
 */
public final class Utf8 {
  private Utf8() {}

  /** The number of bytes {@link #write} writes for {@code s}. */
  public static int size(String s) {
    int len = s.length();
    int size = len;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) {
        size += 1;
      } else if (!Character.isSurrogate(c)) {
        size += 2;
      } else if (isPairAt(s, i)) {
        size += 2; // two chars become four bytes
        i++;
      } // a lone surrogate becomes one '?'
    }
    return size;
  }

  /** Writes {@code s} as UTF-8 at {@code pos} and returns the position after it. */
  public static int write(String s, byte[] out, int pos) {
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[pos++] = (byte) c;
      } else {
        pos = writeNonAscii(s, i, out, pos);
        if (Character.isHighSurrogate(c) && isPairAt(s, i)) i++;
      }
    }
    return pos;
  }

  /**
   * Writes the non-ASCII character at {@code i} (with its low surrogate when it starts a pair)
   * and returns the position after it.
   */
  public static int writeNonAscii(String s, int i, byte[] out, int pos) {
    char c = s.charAt(i);
    if (c < 0x800) {
      out[pos++] = (byte) (0xc0 | (c >> 6));
      out[pos++] = (byte) (0x80 | (c & 0x3f));
    } else if (!Character.isSurrogate(c)) {
      out[pos++] = (byte) (0xe0 | (c >> 12));
      out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
      out[pos++] = (byte) (0x80 | (c & 0x3f));
    } else if (isPairAt(s, i)) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      out[pos++] = (byte) (0xf0 | (cp >> 18));
      out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
      out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
      out[pos++] = (byte) (0x80 | (cp & 0x3f));
    } else {
      out[pos++] = '?';
    }
    return pos;
  }

  /** Whether a valid surrogate pair starts at {@code i}. */
  public static boolean isPairAt(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
  }
}
