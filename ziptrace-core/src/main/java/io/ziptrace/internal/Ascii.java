package io.ziptrace.internal;

import java.nio.charset.StandardCharsets;

/**
 * ASCII literals and decimal numbers written straight into byte arrays. Internal: not part of
 * the supported API and may change in any release.
 */
public final class Ascii {
  private static final long[] POWERS_OF_TEN = new long[19];
  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    long power = 1L;
    for (int i = 0; i < POWERS_OF_TEN.length; i++, power *= 10L) POWERS_OF_TEN[i] = power;
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private Ascii() {}

  /** The bytes of an ASCII literal, to write with {@link #write(byte[], byte[], int)}. */
  public static byte[] bytes(String literal) {
    return literal.getBytes(StandardCharsets.US_ASCII);
  }

  /** Copies {@code literal} to {@code pos} and returns the position after it. */
  public static int write(byte[] literal, byte[] out, int pos) {
    System.arraycopy(literal, 0, out, pos, literal.length);
    return pos + literal.length;
  }

  /**
   * Copies the chars of {@code s} from {@code start} to {@code end}, all of which the caller has
   * checked are below 0x80, to {@code pos} as one byte each; returns the position after them.
   *
   * <p>{@link String#getBytes(int, int, byte[], int)} is deprecated because it drops each char's
   * high byte, which is exactly right for ASCII; and for the usual compact (Latin-1) string it is
   * one array copy of the string's own bytes, where a loop over {@code charAt} is a load, a check
   * and a store per char, and the other bulk conversions allocate.
   */
  @SuppressWarnings("deprecation")
  public static int writeChars(String s, int start, int end, byte[] out, int pos) {
    s.getBytes(start, end, out, pos);
    return pos + end - start;
  }

  /** The number of decimal digits of a non-negative {@code value}. */
  public static int decimalSize(long value) {
    // No division and no loop: this runs for every timestamp and duration encoded. The bit
    // length times log10(2) (1233 / 4096) is the digit count or one less; one comparison decides.
    if (value < 10L) return 1;
    int bits = 64 - Long.numberOfLeadingZeros(value);
    int digits = (bits * 1233) >>> 12;
    return value >= POWERS_OF_TEN[digits] ? digits + 1 : digits;
  }

  /** Writes a non-negative {@code value} in decimal and returns the position after it. */
  public static int writeDecimal(long value, byte[] out, int pos) {
    int end = pos + decimalSize(value);
    int i = end;
    long v = value;
    // Eight digits at a time in one store each (a microsecond timestamp is two of those), then
    // fewer than eight leading digits two at a time.
    while (v >= 100_000_000L) {
      long quotient = v / 100_000_000L;
      i -= 8;
      EightBytes.put(EightBytes.decimal((int) (v - quotient * 100_000_000L)), out, i);
      v = quotient;
    }
    int rest = (int) v;
    if (rest >= 10_000_000) { // the leading eight digits of a microsecond timestamp
      EightBytes.put(EightBytes.decimal(rest), out, i - 8);
      return end;
    }
    while (rest >= 100) {
      int next = rest / 100;
      i = writeTwoDigits(rest - next * 100, out, i);
      rest = next;
    }
    if (rest >= 10) {
      writeTwoDigits(rest, out, i);
    } else {
      out[i - 1] = (byte) ('0' + rest);
    }
    return end;
  }

  /** Writes {@code twoDigits} (0 to 99, zero-padded) ending before {@code end}; returns its start. */
  private static int writeTwoDigits(int twoDigits, byte[] out, int end) {
    out[end - 1] = ONES[twoDigits];
    out[end - 2] = TENS[twoDigits];
    return end - 2;
  }
}
