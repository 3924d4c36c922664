package io.ziptrace.propagation;

import java.util.List;

/**
 * Reads W3C Trace Context's {@code tracestate} header: other tracing systems' opaque entries that
 * must reach the next hop in order and intact. Pure functions; adding or updating an entry of our
 * own is left to the caller.
 *
 * <p>We take part as a Trace Context Level 1 participant, but a key is accepted when it matches
 * Level 2's key grammar, which contains Level 1's: a lowercase letter or digit followed by up to
 * 255 of {@code a-z 0-9 _ - * / @}. Level 1 itself only has {@code simple-key} (a lowercase letter
 * first) and {@code tenant@system} (tenant of 1 to 241 characters, system of 1 to 14 starting with
 * a letter). The broader grammar lets a Level 2 system's entry, such as {@code 1abc=x}, {@code
 * foo@=x} or {@code a@b@c=x}, pass through us instead of costing every vendor in the list its
 * state.
 *
 * <p>The rules, and why:
 *
 * <ul>
 *   <li><b>Fields.</b> Several {@code tracestate} fields are one list, taken in the order received
 *       (RFC 9110 field order, as the specification requires); a member never spans two fields.
 *   <li><b>Values.</b> 1 to 256 characters of printable ASCII ({@code 0x20-0x7E}) except {@code
 *       ,} and {@code =}, not ending with a space. Leading spaces belong to the value and are
 *       kept; trailing spaces and tabs are the optional whitespace after the member and are
 *       removed, which the specification allows.
 *   <li><b>Whitespace and empty members.</b> Spaces and tabs around members, and empty or
 *       whitespace-only members, are allowed (combining fields produces them) and left out of the
 *       result; a list with nothing else is {@code null}, since an empty header should not be
 *       sent.
 *   <li><b>An invalid member drops the whole list.</b> The specification lets a receiver discard
 *       either the entire header or only the invalid entries; its conformance suite expects the
 *       entire header to go (an entry after {@code @foo=1} or after an empty value must not be
 *       forwarded). It is also the safer choice for others' state: a malformed member is often a
 *       sign that the list was damaged on the way, a comma or equals sign inside someone's value
 *       say, and what parses around the damage may be fragments filed under keys their owners
 *       never wrote. Every entry is forwarded exactly as received, or none is.
 *   <li><b>More than 32 members drops the whole list.</b> The list holds at most 32 members, so a
 *       longer one does not parse, and the conformance suite expects it discarded. Removing the
 *       right-most members is what a sender does when its own addition would exceed 32, not how a
 *       receiver repairs a list built by someone else. Empty members do not count: they are
 *       allowed precisely because fields are combined, so an empty field must not push a full
 *       list over the limit.
 *   <li><b>A repeated key keeps its left-most entry.</b> Only one entry per key is allowed, but
 *       the specification leaves repairing this to the receiver, who may discard invalid
 *       entries, and its conformance suite expects the list to survive with one of the
 *       entries. Dropping the whole list would punish every other vendor for one sender's bug;
 *       forwarding the repeat would send a list that a strict Level 1 receiver may discard whole.
 *       The left-most entry is kept because updated entries move to the left: it is the most
 *       recent position.
 *   <li><b>Length.</b> Fields whose combined length (one separator between fields counted) is
 *       over {@value #MAX_INPUT_LENGTH} characters are dropped whole, and reading stops before
 *       the field that crosses the bound, so hostile input costs at most that many character
 *       reads. No list in normal form is refused by it: 32 members of a 256-character key and a
 *       256-character value come to {@value #MAX_LIST_LENGTH} characters with their commas, so
 *       the bound leaves as much again for optional whitespace, which senders should write as at
 *       most a single space. Below the bound every valid list is
 *       propagated whole, far above the 512 characters the specification asks for; there is
 *       nothing to truncate.
 *   <li><b>Anything else is invalid:</b> carriage returns, line feeds and other control
 *       characters (a tab only as optional whitespace), non-ASCII characters, a member without
 *       {@code =}, whitespace between key and {@code =}.
 * </ul>
 *
 * <p>Cost: {@code tracestate} is read on every request with a {@code traceparent}, so every list
 * is checked and joined in one pass. A list in normal form (members joined by single commas, no
 * whitespace, no repeated key) is returned as the field value itself, allocating nothing, or as
 * one substring of it when whitespace or empty members surround it. Other lists are copied into
 * one builder, created where the list first departs from normal form. Repeated keys are noticed
 * by one bit per key hash; only when two keys share a bit are the members before the second one
 * read again to compare keys.
 */
final class TraceStateHeader {
  /** The most list members (empty members aside) that a list may have. */
  static final int MAX_MEMBERS = 32;
  /** The longest key, in characters. */
  static final int MAX_KEY_LENGTH = 256;
  /** The longest value, in characters, optional whitespace after it not counted. */
  static final int MAX_VALUE_LENGTH = 256;
  /** The longest valid list in normal form: 32 members of the longest key and value, and 31 commas. */
  static final int MAX_LIST_LENGTH = MAX_MEMBERS * (MAX_KEY_LENGTH + 1 + MAX_VALUE_LENGTH) + MAX_MEMBERS - 1;
  /** The longest combined input read; about twice {@link #MAX_LIST_LENGTH}. */
  static final int MAX_INPUT_LENGTH = 32 * 1024;

  private TraceStateHeader() {}

  /**
   * The combined, validated tracestate list of a request's {@code tracestate} header fields, ready
   * to send on unchanged: fields combined in order as one list (RFC 9110), optional whitespace
   * around members and empty members removed, members otherwise kept byte for byte in order
   * (only the later entries of a repeated key are left out); or null when there is nothing to
   * send on: no field, only empty members, or an invalid list (which is dropped whole). Never
   * throws.
   *
   * @param fieldValues the values of the request's {@code tracestate} fields in the order
   *     received; {@code null}, or {@code null} elements, read as absent
   */
  static String parse(List<String> fieldValues) {
    if (fieldValues == null) return null;
    try {
      return read(fieldValues);
    } catch (RuntimeException e) {
      return null; // a list that fails while read: nothing trustworthy to send on
    }
  }

  /** Validates and joins the fields in one pass: null at the first thing that makes the list invalid. */
  private static String read(List<String> fields) {
    int count = 0;
    long keyBits = 0L; // one bit per key hash
    String runField = null; // while the members so far are in normal form in one field:
    int runFieldIndex = -1; // that field,
    int runStart = -1; // where the first member starts
    int runEnd = -1; // and where the last one ends
    StringBuilder joined = null; // once they are not: the members so far, joined
    long read = -1L; // combined length so far, one separator between fields
    int fieldIndex = -1;
    for (String field : fields) {
      fieldIndex++;
      int length = field == null ? 0 : field.length();
      read += length + 1;
      if (read > MAX_INPUT_LENGTH) return null;
      int i = 0;
      while (i < length) {
        char c = field.charAt(i);
        if (isSeparator(c)) { // optional whitespace, or the end of an empty member
          i++;
          continue;
        }
        if (++count > MAX_MEMBERS) return null;

        int keyStart = i;
        if (!isLowerAlphaOrDigit(c)) return null;
        int hash = c;
        while (++i < length && (c = field.charAt(i)) != '=') {
          if (!isKeyChar(c) || i - keyStart >= MAX_KEY_LENGTH) return null;
          hash = 31 * hash + c;
        }
        if (i == length) return null; // no '='
        int keyEnd = i;

        int valueStart = ++i;
        int valueEnd = valueStart; // after the last character that is not a space
        for (; i < length && (c = field.charAt(i)) != ','; i++) {
          if (c == ' ') continue; // inside the value, or optional whitespace after it
          if (c == '\t') break; // optional whitespace: the value has ended
          if (c < '!' || c > '~' || c == '=' || i - valueStart >= MAX_VALUE_LENGTH) return null;
          valueEnd = i + 1;
        }
        for (; i < length && (c = field.charAt(i)) != ','; i++) {
          if (c != ' ' && c != '\t') return null; // after a tab, only optional whitespace
        }
        if (valueEnd == valueStart) return null; // empty, or only spaces

        long bit = 1L << ((hash * 0x9E3779B9) >>> 26);
        boolean maybeRepeated = (keyBits & bit) != 0;
        keyBits |= bit;
        if (maybeRepeated && isRepeated(fields, fieldIndex, field, keyStart, keyEnd)) {
          continue; // leave it out: the members after it are no longer contiguous with the run
        }
        if (runField == null) {
          runField = field;
          runFieldIndex = fieldIndex;
          runStart = keyStart;
          runEnd = valueEnd;
        } else if (joined == null && fieldIndex == runFieldIndex && keyStart == runEnd + 1) {
          runEnd = valueEnd; // one comma since the previous member: still normal form
        } else {
          if (joined == null) {
            joined = new StringBuilder(runEnd - runStart + 1 + length - keyStart).append(runField, runStart, runEnd);
          }
          joined.append(',').append(field, keyStart, valueEnd);
        }
      }
    }
    if (joined != null) return joined.toString();
    return runField == null ? null : runField.substring(runStart, runEnd); // the field itself when it is all members
  }

  /**
   * Whether the key at {@code [keyStart, keyEnd)} of the field at {@code fieldIndex} is also the
   * key of a member before it. Reads the fields again up to that member; only called when two keys
   * share a hash bit. The fields before it are known to be valid.
   */
  private static boolean isRepeated(List<String> fields, int fieldIndex, String field, int keyStart, int keyEnd) {
    int keyLength = keyEnd - keyStart;
    int index = 0;
    for (String earlier : fields) {
      int end = index == fieldIndex ? keyStart : earlier == null ? 0 : earlier.length();
      int i = 0;
      while (i < end) {
        if (isSeparator(earlier.charAt(i))) {
          i++;
          continue;
        }
        int equals = earlier.indexOf('=', i);
        if (equals - i == keyLength && earlier.regionMatches(i, field, keyStart, keyLength)) return true;
        i = earlier.indexOf(',', equals);
        if (i < 0) break;
      }
      if (index++ == fieldIndex) break;
    }
    return false;
  }

  private static boolean isSeparator(char c) {
    return c == ',' || c == ' ' || c == '\t';
  }

  private static boolean isLowerAlphaOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isKeyChar(char c) {
    return isLowerAlphaOrDigit(c) || c == '_' || c == '-' || c == '*' || c == '/' || c == '@';
  }
}
