package io.ziptrace.internal;

import java.nio.charset.StandardCharsets;

/**
 * ASCII literals and decimal numbers written straight into byte arrays. Internal: not part of
 * the supported API and may change in any release.
 */
public final class Ascii {
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

  /** The number of decimal digits of a non-negative {@code value}. */
  public static int decimalSize(long value) {
    // Comparisons, not divisions: this runs for every timestamp and duration encoded.
    long bound = 10;
    for (int digits = 1; digits < 19; digits++, bound *= 10) {
      if (value < bound) return digits;
    }
    return 19;
  }

  /** Writes a non-negative {@code value} in decimal and returns the position after it. */
  public static int writeDecimal(long value, byte[] out, int pos) {
    int end = pos + decimalSize(value);
    long v = value;
    int i = end;
    while (v >= 100) {
      long quotient = v / 100;
      int twoDigits = (int) (v - quotient * 100);
      out[--i] = (byte) ('0' + twoDigits % 10);
      out[--i] = (byte) ('0' + twoDigits / 10);
      v = quotient;
    }
    if (v >= 10) {
      out[--i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    out[--i] = (byte) ('0' + v);
    return end;
  }
}
