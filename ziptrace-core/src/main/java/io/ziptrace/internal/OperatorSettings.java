package io.ziptrace.internal;

import java.util.Objects;
import java.util.function.Function;

/**
 * Reads the settings an operator gives outside the code: each from a system property, then from
 * environment variables in the order given, then a default. Values are trimmed, and an empty or
 * blank one counts as unset, since stray spaces are easy to put in a variable and hard to see.
 * Every module that reads such settings reads them here, so they all follow the same rules.
 * Properties and environment are read through functions, so tests need not change the real
 * ones. Internal: not part of the supported API and may change in any release.
 */
public final class OperatorSettings {
  private final Function<String, String> properties;
  private final Function<String, String> environment;

  /**
   * Reads with {@code properties} and {@code environment}, which return null for what is unset.
   */
  public OperatorSettings(Function<String, String> properties, Function<String, String> environment) {
    this.properties = Objects.requireNonNull(properties, "properties");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** The JVM's system properties and the process's environment. */
  public static OperatorSettings system() {
    return new OperatorSettings(System::getProperty, System::getenv);
  }

  /**
   * The first value set among system property {@code property}, then each of {@code variables},
   * else {@code fallback} (trimmed; a blank fallback gives a null value), with where it was found.
   *
   * @param fallback the default, or null when there is none
   */
  public Setting find(String property, String fallback, String... variables) {
    String value = trimmed(properties.apply(property));
    if (value != null) return new Setting("system property " + property, value);
    for (String variable : variables) {
      value = trimmed(environment.apply(variable));
      if (value != null) return new Setting("environment variable " + variable, value);
    }
    return new Setting("default", trimmed(fallback));
  }

  /** The value without surrounding whitespace, or null when that leaves nothing. */
  private static String trimmed(String value) {
    if (value == null) return null;
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
