package io.ziptrace.zipkin;

import io.ziptrace.sampling.Sampler;
import java.util.function.Function;

/**
 * The settings {@link Zipkin#tracerFromEnvironment} reads: each from a system property, then
 * environment variables, then a default. Values are trimmed, and a blank one counts as unset,
 * since stray spaces are easy to put in a variable and hard to see. Properties and environment
 * are read through functions, so tests need not change the real ones.
 */
final class EnvironmentSettings {
  static final String DEFAULT_COLLECTOR_URL = "http://127.0.0.1:9411/api/v2/spans";

  private final Function<String, String> properties;
  private final Function<String, String> environment;

  /** Reads with {@code properties} and {@code environment}, which return null for what is unset. */
  EnvironmentSettings(Function<String, String> properties, Function<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /** The JVM's system properties and the process's environment. */
  static EnvironmentSettings system() {
    return new EnvironmentSettings(System::getProperty, System::getenv);
  }

  Setting collectorUrl() {
    return find("ziptrace.collector.url", "ZIPTRACE_COLLECTOR_URL", "OTEL_EXPORTER_ZIPKIN_ENDPOINT", DEFAULT_COLLECTOR_URL);
  }

  /** The configured service name, else {@code defaultServiceName} (whose value may be null). */
  Setting serviceName(String defaultServiceName) {
    return find("ziptrace.service.name", "ZIPTRACE_SERVICE_NAME", "OTEL_SERVICE_NAME", defaultServiceName);
  }

  Setting sampleRate() {
    return find("ziptrace.sample.rate", "ZIPTRACE_SAMPLE_RATE", null, "1.0");
  }

  /** The ratio sampler for a sample rate written as a number from 0.0 to 1.0. */
  static Sampler sampler(String rate) {
    double parsed;
    try {
      parsed = Double.parseDouble(rate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + rate + "\" is not a sample rate: use a number from 0.0 (record nothing)"
          + " to 1.0 (record every trace)");
    }
    return Sampler.ratio(parsed);
  }

  private Setting find(String property, String variable, String otherVariable, String fallback) {
    String value = trimmed(properties.apply(property));
    if (value != null) return new Setting("system property " + property, value);
    value = trimmed(environment.apply(variable));
    if (value != null) return new Setting("environment variable " + variable, value);
    if (otherVariable != null) {
      value = trimmed(environment.apply(otherVariable));
      if (value != null) return new Setting("environment variable " + otherVariable, value);
    }
    return new Setting("default", trimmed(fallback));
  }

  /** The value without surrounding whitespace, or null when that leaves nothing. */
  private static String trimmed(String value) {
    if (value == null) return null;
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** A trimmed value and where it was found, e.g. {@code environment variable ZIPTRACE_SAMPLE_RATE}. */
  static final class Setting {
    final String source;
    final String value;

    Setting(String source, String value) {
      this.source = source;
      this.value = value;
    }

    /**
     * Applies {@code use} to the value; an IllegalArgumentException it throws is thrown again
     * with the setting's source in front, so the operator knows what to change.
     */
    <T> T as(Function<String, T> use) {
      try {
        return use.apply(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
  }
}
