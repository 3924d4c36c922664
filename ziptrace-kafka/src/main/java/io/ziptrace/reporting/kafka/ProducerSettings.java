package io.ziptrace.reporting.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The producer properties of a {@link KafkaSender}: the message limit and Kafka's {@code
 * max.request.size} derived from each other, the send timeout spread over Kafka's timeouts, and
 * error messages that never show a secret.
 */
final class ProducerSettings {
  static final int DEFAULT_MESSAGE_MAX_BYTES = 500_000;
  private static final String MAX_REQUEST_SIZE = "max.request.size";
  /** Property names whose values are secrets: passwords, JAAS configurations, keys, tokens. */
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|jaas|secret|token|credential|\\.key\\b|\\.key\\.).*");

  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^\\s:/\\[\\]]+):[0-9]{1,5}");

  private ProducerSettings() {}

  /**
   * {@code bootstrapServers} stripped, once each entry is a {@code host:port}.
   *
   * @throws IllegalArgumentException saying what to write instead
   */
  static String checkBootstrapServers(String bootstrapServers) {
    java.util.Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    String servers = bootstrapServers.strip();
    if (servers.isEmpty()) throw new IllegalArgumentException("bootstrapServers is empty: give host:port[,host:port...], e.g. localhost:9092");
    for (String server : servers.split(",", -1)) {
      String entry = server.strip();
      if (entry.contains("://")) {
        throw new IllegalArgumentException("bootstrapServers '" + servers + "' holds a URL: Kafka wants host:port[,host:port...], e.g. "
            + entry.substring(entry.indexOf("://") + 3).replaceAll("/.*", ""));
      }
      if (!HOST_PORT.matcher(entry).matches()) {
        throw new IllegalArgumentException("bootstrapServers '" + servers + "': '" + entry + "' is not host:port;"
            + " give host:port[,host:port...], e.g. " + (entry.isEmpty() || entry.contains(":") ? "localhost" : entry) + ":9092");
      }
    }
    return servers;
  }

  /**
   * The message limit: the one given, else {@code max.request.size} less the record overhead,
   * else the default.
   *
   * @param given the builder's messageMaxBytes, or null
   * @param maxRequestSize the producer property {@code max.request.size}, or null
   * @throws IllegalArgumentException when both are given and the record would not fit
   */
  static int messageMaxBytes(Integer given, Object maxRequestSize) {
    if (maxRequestSize == null) return given == null ? DEFAULT_MESSAGE_MAX_BYTES : given;
    int requestMax = parseInt(maxRequestSize);
    int fits = requestMax - KafkaSender.RECORD_OVERHEAD_BYTES;
    if (given == null) {
      if (fits < 64) {
        throw new IllegalArgumentException(MAX_REQUEST_SIZE + " " + requestMax + " leaves no room for spans: a record adds "
            + KafkaSender.RECORD_OVERHEAD_BYTES + " bytes to its span list; give at least " + (64 + KafkaSender.RECORD_OVERHEAD_BYTES));
      }
      return fits;
    }
    if (given > fits) {
      throw new IllegalArgumentException("messageMaxBytes " + given + " does not fit in " + MAX_REQUEST_SIZE + " " + requestMax
          + " (a record adds " + KafkaSender.RECORD_OVERHEAD_BYTES + " bytes): leave " + MAX_REQUEST_SIZE
          + " unset (it is derived from messageMaxBytes), raise it to " + (given + KafkaSender.RECORD_OVERHEAD_BYTES)
          + ", or lower messageMaxBytes to " + fits);
    }
    return given;
  }

  /** The properties the producer is built with. */
  static Map<String, Object> properties(String bootstrapServers, Map<String, Object> overrides, int messageMaxBytes,
      Duration sendTimeout) {
    Map<String, Object> properties = new LinkedHashMap<>();
    // A batch is already one record; waiting for more to join it would only delay it.
    properties.put("linger.ms", 0);
    // Kafka wants int for these two and long for max.block.ms; a wrong boxed type is refused.
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis());
    properties.put("max.block.ms", (long) timeoutMillis);
    properties.put("delivery.timeout.ms", timeoutMillis);
    properties.put("request.timeout.ms", Math.max(1, timeoutMillis / 2));
    properties.putAll(overrides);
    properties.put("bootstrap.servers", bootstrapServers);
    properties.putIfAbsent(MAX_REQUEST_SIZE, messageMaxBytes + KafkaSender.RECORD_OVERHEAD_BYTES);
    properties.remove("key.serializer");
    properties.remove("value.serializer");
    return properties;
  }

  /**
   * Kafka's reason for refusing a configuration, with the values of secret properties blanked
   * out: a ConfigException quotes the value it refused.
   */
  static String describe(Throwable refusal, Map<String, Object> properties) {
    StringBuilder text = new StringBuilder(String.valueOf(refusal.getMessage()));
    for (Throwable cause = refusal.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    String described = text.toString();
    for (Map.Entry<String, Object> property : properties.entrySet()) {
      String value = String.valueOf(property.getValue());
      if (SECRET_NAME.matcher(property.getKey()).matches() && !value.isEmpty()) {
        // as a whole word only, so that a short secret does not blank out parts of other words
        described = described.replaceAll("(?<![\\w])" + Pattern.quote(value) + "(?![\\w])", "[hidden]");
      }
    }
    return described;
  }

  private static int parseInt(Object value) {
    try {
      return value instanceof Number ? ((Number) value).intValue() : Integer.parseInt(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_REQUEST_SIZE + " must be a number of bytes, not '" + value + "'");
    }
  }
}
