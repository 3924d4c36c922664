package io.ziptrace.it.boundary;

import java.util.List;

/**
 * A line diff in the unified format ({@code ---}/{@code +++} headers, {@code @@} hunks with three
 * lines of context), from a longest common subsequence. Quadratic, which is fine for API dumps of
 * a few thousand lines.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** The diff turning {@code expected} into {@code actual}; empty when they are equal. */
  static String of(String expectedName, String expected, String actualName, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    String ops = edits(a, b);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < ops.length()) {
      if (ops.charAt(i) == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = hunkEnd(ops, i);
      if (out.length() == 0) out.append("--- ").append(expectedName).append("\n+++ ").append(actualName).append('\n');
      appendHunk(out, ops, start, end, a, b);
      i = end;
    }
    return out.toString();
  }

  /** One past the last op of the hunk whose first change is at {@code first}. */
  private static int hunkEnd(String ops, int first) {
    int end = first;
    int unchanged = 0;
    for (int i = first; i < ops.length() && unchanged <= 2 * CONTEXT; i++) {
      if (ops.charAt(i) == ' ') {
        unchanged++;
      } else {
        unchanged = 0;
        end = i + 1;
      }
    }
    return Math.min(ops.length(), end + CONTEXT);
  }

  private static void appendHunk(StringBuilder out, String ops, int start, int end, List<String> a, List<String> b) {
    int aStart = 0;
    int bStart = 0;
    for (int i = 0; i < start; i++) {
      if (ops.charAt(i) != '+') aStart++;
      if (ops.charAt(i) != '-') bStart++;
    }
    StringBuilder body = new StringBuilder();
    int aCount = 0;
    int bCount = 0;
    for (int i = start; i < end; i++) {
      char op = ops.charAt(i);
      String line = op == '+' ? b.get(bStart + bCount) : a.get(aStart + aCount);
      body.append(op).append(line).append('\n');
      if (op != '+') aCount++;
      if (op != '-') bCount++;
    }
    out.append("@@ -").append(aStart + 1).append(',').append(aCount)
        .append(" +").append(bStart + 1).append(',').append(bCount).append(" @@\n").append(body);
  }

  /** The edit script: ' ' keep, '-' remove from a, '+' add from b; removals before additions. */
  private static String edits(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder ops = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.append(' ');
        i++;
        j++;
      } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.append('-');
        i++;
      } else {
        ops.append('+');
        j++;
      }
    }
    return ops.toString();
  }
}
