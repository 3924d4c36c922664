package io.ziptrace.internal;

/**
 * Strings recently found to be written into JSON as they are (ASCII with nothing to escape),
 * remembered by identity. A reporter measures each span exactly before writing it, and the same
 * tag keys, span names, annotations and often tag values recur from span to span as the same
 * string instances, so most strings are then measured and copied without reading their chars.
 *
 * <p>A small table indexed by the string's hash, one string per slot, read and written without
 * locks: a reference is written whole and a string is immutable, so a reader finds either the
 * very string it looks for, which was plain when stored and still is, or another one. Only short
 * strings are kept, so the table never holds more than a few tens of kilobytes alive.
 */
final class RecentPlainStrings {
  private static final int MAX_LENGTH = 128;
  private static final String[] TABLE = new String[256];

  private RecentPlainStrings() {}

  /** Whether {@code s} itself (this instance) was {@link #add added}. */
  static boolean contains(String s) {
    return TABLE[slot(s)] == s;
  }

  /** Remembers {@code s}, which the caller found plain, in place of whatever shared its slot. */
  static void add(String s) {
    if (s.length() <= MAX_LENGTH) TABLE[slot(s)] = s;
  }

  private static int slot(String s) {
    int h = s.hashCode(); // computed once per string instance, then kept by the string
    return (h ^ (h >>> 16)) & (TABLE.length - 1);
  }
}
