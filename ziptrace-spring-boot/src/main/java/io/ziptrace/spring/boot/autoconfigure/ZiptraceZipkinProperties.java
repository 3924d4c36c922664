package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.encoding.Encoding;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how spans are sent to Zipkin: the keys and defaults of Spring Boot's own {@code
 * management.tracing.export.zipkin} properties, so an application moving from Brave keeps its
 * configuration. ({@code management.tracing.export.zipkin.enabled} is read by Boot's export
 * condition, not here.)
 */
@ConfigurationProperties("management.tracing.export.zipkin")
class ZiptraceZipkinProperties {
  private String endpoint = "http://localhost:9411/api/v2/spans";
  private Encoding encoding = Encoding.JSON;
  private Duration connectTimeout = Duration.ofSeconds(1);
  private Duration readTimeout = Duration.ofSeconds(10);

  /** The URL spans are POSTed to. */
  public String getEndpoint() {
    return endpoint;
  }

  /** Sets the URL spans are POSTed to. */
  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  /** How spans are encoded: JSON or PROTO3. */
  public Encoding getEncoding() {
    return encoding;
  }

  /** Sets how spans are encoded. */
  public void setEncoding(Encoding encoding) {
    this.encoding = encoding;
  }

  /** How long to wait for a connection to the collector. */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets how long to wait for a connection to the collector. */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** How long one POST may take, until the collector's answer. */
  public Duration getReadTimeout() {
    return readTimeout;
  }

  /** Sets how long one POST may take. */
  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }
}
