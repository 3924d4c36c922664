package io.ziptrace.internal;

/**
 * Lowercase hexadecimal encoding and decoding of ids. Internal: not part of the supported API
 * and may change in any release.
 */
public final class Hex {
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Hex() {}

  /** Writes {@code value} as 16 lowercase hex characters into {@code out} at {@code offset}. */
  public static void writeHex16(long value, byte[] out, int offset) {
    EightBytes.put(EightBytes.hex((int) (value >>> 32)), out, offset);
    EightBytes.put(EightBytes.hex((int) value), out, offset + 8);
  }

  /** Returns {@code value} as 16 lowercase hex characters. */
  public static String toHex16(long value) {
    byte[] out = new byte[16];
    writeHex16(value, out, 0);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Returns the 32-character hex form of a 128-bit id, or the 16-character form when {@code high} is zero. */
  public static String toTraceIdHex(long high, long low) {
    if (high == 0L) return toHex16(low);
    byte[] out = new byte[32];
    writeHex16(high, out, 0);
    writeHex16(low, out, 16);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses 16 lowercase hex characters of {@code s} starting at {@code offset}, or returns
   * {@code 0} when any of them is not a lowercase hex digit (zero is never a valid id).
   */
  public static long parseHex16(CharSequence s, int offset) {
    if (offset < 0 || s.length() - offset < 16) return 0L;
    long result = 0L;
    for (int i = offset, end = offset + 16; i < end; i++) {
      int digit = digit(s.charAt(i));
      if (digit < 0) return 0L;
      result = (result << 4) | digit;
    }
    return result;
  }

  /**
   * Parses {@code length} (1 to 16) lowercase hex characters of {@code s} starting at {@code
   * offset}; returns {@code 0} on any non-hex character.
   */
  public static long parseHex(CharSequence s, int offset, int length) {
    if (length < 1 || length > 16 || offset < 0 || s.length() - offset < length) return 0L;
    long result = 0L;
    for (int i = offset, end = offset + length; i < end; i++) {
      int digit = digit(s.charAt(i));
      if (digit < 0) return 0L;
      result = (result << 4) | digit;
    }
    return result;
  }

  /** Whether the {@code length} characters of {@code s} at {@code offset} are all lowercase hex digits. */
  public static boolean isLowerHex(CharSequence s, int offset, int length) {
    if (offset < 0 || s.length() - offset < length) return false;
    for (int i = offset, end = offset + length; i < end; i++) {
      if (digit(s.charAt(i)) < 0) return false;
    }
    return true;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
}
