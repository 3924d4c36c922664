package io.ziptrace.zipkin;

import io.ziptrace.internal.OperatorSettings;
import io.ziptrace.internal.Setting;
import io.ziptrace.sampling.Sampler;
import java.util.function.Function;

/**
 * The names of the settings {@link Zipkin}'s {@code ...FromEnvironment} methods read, and their
 * defaults; {@link OperatorSettings} holds the rules they are read by (a system property, then
 * environment variables, then the default; trimmed; blank counts as unset).
 */
final class EnvironmentSettings {
  static final String DEFAULT_COLLECTOR_URL = "http://127.0.0.1:9411/api/v2/spans";

  private final OperatorSettings settings;

  /** Reads with {@code properties} and {@code environment}, which return null for what is unset. */
  EnvironmentSettings(Function<String, String> properties, Function<String, String> environment) {
    this.settings = new OperatorSettings(properties, environment);
  }

  /** The JVM's system properties and the process's environment. */
  static EnvironmentSettings system() {
    return new EnvironmentSettings(System::getProperty, System::getenv);
  }

  Setting collectorUrl() {
    return settings.find("ziptrace.collector.url", DEFAULT_COLLECTOR_URL, "ZIPTRACE_COLLECTOR_URL",
        "OTEL_EXPORTER_ZIPKIN_ENDPOINT");
  }

  /** The configured service name, else {@code defaultServiceName} (whose value may be null). */
  Setting serviceName(String defaultServiceName) {
    return settings.find("ziptrace.service.name", defaultServiceName, "ZIPTRACE_SERVICE_NAME", "OTEL_SERVICE_NAME");
  }

  Setting sampleRate() {
    return settings.find("ziptrace.sample.rate", "1.0", "ZIPTRACE_SAMPLE_RATE");
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
}
