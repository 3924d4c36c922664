package io.ziptrace.propagation;

import io.ziptrace.TraceContext;
import io.ziptrace.internal.Hex;

/**
 * Validating parsers of B3 ids: lowercase hex of the right length, never all zeros. A 128-bit
 * trace id whose lower half is zero is accepted, as W3C Trace Context accepts it, although Brave
 * refuses it (and starts a new trace).
 */
final class B3Ids {
  private B3Ids() {}

  /**
   * Parses a 16- or 32-character trace id in {@code s[offset, offset+length)} into {@code
   * context}; returns false when it is malformed.
   */
  static boolean traceId(String s, int offset, int length, TraceContext.Builder context) {
    if (length == 16) {
      long low = id(s, offset, 16);
      if (low == 0L) return false;
      context.traceId(low);
      return true;
    }
    if (length != 32) return false;
    long low = Hex.parseHex16(s, offset + 16);
    long high = Hex.parseHex16(s, offset);
    // Zero is also how parseHex16 says malformed, but either half may be zero (a 64-bit id sent as
    // 32 characters; a 128-bit id with a zero lower half, as W3C allows): only then check the
    // characters apart. The whole id must not be zero.
    if (low == 0L && (high == 0L || !Hex.isLowerHex(s, offset + 16, 16))) return false;
    if (high == 0L && !Hex.isLowerHex(s, offset, 16)) return false;
    context.traceId(high, low);
    return true;
  }

  /** Parses a 16-character id; returns 0 when it is malformed or all zeros. */
  static long id(String s, int offset, int length) {
    if (length != 16) return 0L;
    return Hex.parseHex16(s, offset);
  }
}
