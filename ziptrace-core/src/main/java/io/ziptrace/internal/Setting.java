package io.ziptrace.internal;

import java.util.function.Function;

/**
 * A setting's trimmed value and where it was found, e.g. {@code environment variable
 * ZIPTRACE_SAMPLE_RATE}, as {@link OperatorSettings} found it: the source goes into the log line
 * that says what was picked and into the message when the value is refused, so the operator knows
 * what to change. Internal: not part of the supported API and may change in any release.
 */
public final class Setting {
  private final String source;
  private final String value;

  Setting(String source, String value) {
    this.source = source;
    this.value = value;
  }

  /**
   * Where the value came from: {@code system property <name>}, {@code environment variable
   * <name>} or {@code default}.
   */
  public String source() {
    return source;
  }

  /** The trimmed value, or null when nothing was set and there is no default. */
  public String value() {
    return value;
  }

  /**
   * Applies {@code use} to the value; an IllegalArgumentException it throws is thrown again with
   * the setting's source in front, e.g. {@code environment variable ZIPTRACE_SAMPLE_RATE: ...}.
   */
  public <T> T as(Function<String, T> use) {
    try {
      return use.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }
}
