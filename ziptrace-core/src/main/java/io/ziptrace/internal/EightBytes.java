package io.ziptrace.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight ASCII characters computed at once in a {@code long} (one per byte, the first character
 * in the most significant byte) and stored with one write: how {@link Hex} and {@link Ascii}
 * write ids and timestamps without a table lookup per character.
 */
final class EightBytes {
  private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final long ZEROS = 0x3030303030303030L;

  private EightBytes() {}

  /** Stores the eight bytes of {@code chars} at {@code pos}, most significant first. */
  static void put(long chars, byte[] out, int pos) {
    BIG_ENDIAN_LONG.set(out, pos, chars);
  }

  /** The 8 lowercase hex characters of {@code value}. */
  static long hex(int value) {
    // Spread the 8 nibbles into the 8 bytes, the top nibble into the top byte.
    long x = value & 0xffffffffL;
    x = ((x & 0xffff0000L) << 16) | (x & 0xffffL);
    x = ((x & 0x0000ff000000ff00L) << 8) | (x & 0x000000ff000000ffL);
    x = ((x & 0x00f000f000f000f0L) << 4) | (x & 0x000f000f000f000fL);
    // A byte holding 10 or more carries into bit 4 when 6 is added: those become 'a'-'f'.
    long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
    return x + ZEROS + letters * ('a' - '0' - 10);
  }

  /** The 8 decimal digits of {@code value} (0 to 99,999,999), zero-padded. */
  static long decimal(int value) {
    // Split into two 4-digit lanes of 32 bits, then each into two 2-digit lanes of 16 bits, then
    // each into two digits of 8 bits. The multiply-and-shift divisions (by 100: 5243 / 2^19, exact
    // below 43,699; by 10: 103 / 2^10, exact below 179) work on every lane at once because no
    // lane's product reaches the next lane's bits.
    int high = value / 10_000;
    long x = ((long) high << 32) | (value - high * 10_000);
    long hundreds = ((x * 5243) >>> 19) & 0x0000007f0000007fL;
    x = (hundreds << 16) | (x - hundreds * 100);
    long tens = ((x * 103) >>> 10) & 0x000f000f000f000fL;
    x = (tens << 8) | (x - tens * 10);
    return x + ZEROS;
  }
}
