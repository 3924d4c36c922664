package io.ziptrace.propagation;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The header names one propagation reads, to match a plain map's keys against in one pass.
 *
 * <p>Over a map that does not ignore case, read through {@link MapHeaders#GETTER}, finding a
 * header absent costs a scan of the whole map, and most headers a propagation asks for are absent
 * from most requests (every trace header from a request that starts a trace). Matching each key
 * against these names instead ({@link #positionOf}), comparing it only with the names of its
 * length, finds every header the propagation wants in one pass over the map.
 */
final class HeaderNames {
  private final String[] names;
  /** Each name as HTTP clients conventionally spell it ({@link HttpCapitalisation}), else the name. */
  private final String[] capitalised;
  /** The positions in {@link #names} of the names of each length: a key is compared only with those. */
  private final int[][] byLength;

  /** {@code names}: lowercase. */
  HeaderNames(List<String> names) {
    this.names = names.toArray(new String[0]);
    this.capitalised = names.stream().map(name -> Objects.requireNonNullElse(HttpCapitalisation.of(name), name))
        .toArray(String[]::new);
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    byLength = new int[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      int ofLength = length;
      byLength[length] = IntStream.range(0, this.names.length).filter(i -> this.names[i].length() == ofLength).toArray();
    }
  }

  /** The position of the name {@code key} spells in any case, or -1 when it is none of these. */
  int positionOf(Object key) {
    if (!(key instanceof String)) return -1; // a null key (a status line, say) names no header
    String name = (String) key;
    int length = name.length();
    if (length >= byLength.length || byLength[length].length == 0) return -1;
    // The usual spellings first, by hash code (which a map's keys have cached) and equals, both far
    // cheaper than comparing ignoring case; only a key spelled otherwise is compared so.
    int hash = name.hashCode();
    for (int i : byLength[length]) {
      if (hash == names[i].hashCode() && name.equals(names[i])) return i;
      if (hash == capitalised[i].hashCode() && name.equals(capitalised[i])) return i;
    }
    for (int i : byLength[length]) {
      if (name.regionMatches(true, 0, names[i], 0, length)) return i;
    }
    return -1;
  }
}
