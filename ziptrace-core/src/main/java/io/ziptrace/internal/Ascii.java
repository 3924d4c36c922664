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
    int size = 1;
    for (long v = value; v >= 10; v /= 10) size++;
    return size;
  }

  /** Writes a non-negative {@code value} in decimal and returns the position after it. */
  public static int writeDecimal(long value, byte[] out, int pos) {
    int end = pos + decimalSize(value);
    long v = value;
    for (int i = end - 1; i >= pos; i--) {
      out[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return end;
  }
}
