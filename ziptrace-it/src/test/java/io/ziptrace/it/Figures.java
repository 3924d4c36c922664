package io.ziptrace.it;

/**
 * Prints a measured figure of a reliability test, next to its assertions, so that a run of the
 * suite documents what it saw: {@code grep '^figure:' ziptrace-it/target/surefire-reports/*-output.txt}.
 */
public final class Figures {
  private Figures() {}

  /** Prints one figure line. */
  public static void print(String test, String format, Object... args) {
    System.out.println("figure: " + test + ": " + String.format(java.util.Locale.ROOT, format, args));
  }
}
