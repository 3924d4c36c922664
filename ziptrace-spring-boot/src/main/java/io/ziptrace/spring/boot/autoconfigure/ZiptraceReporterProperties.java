package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ziptrace's own reporter and sender settings, {@code management.ziptrace.reporter.*}, which
 * Spring Boot's properties have no key for. A setting left unset keeps ziptrace's default (see
 * {@link AsyncReporter.Builder} and {@link HttpSender.Builder}).
 */
@ConfigurationProperties("management.ziptrace.reporter")
class ZiptraceReporterProperties {
  private Integer queuedMaxSpans;
  private Long queuedMaxBytes;
  private Integer messageMaxBytes;
  private Duration sendInterval;
  private Duration retryTimeout;
  private Duration closeTimeout;
  private Integer maxConcurrentSends;
  private Boolean gzip;
  private Boolean http2;

  /** The most spans waiting to be sent; null for ziptrace's default. */
  public Integer getQueuedMaxSpans() {
    return queuedMaxSpans;
  }

  /** Sets the most spans waiting to be sent. */
  public void setQueuedMaxSpans(Integer queuedMaxSpans) {
    this.queuedMaxSpans = queuedMaxSpans;
  }

  /** The most bytes of spans waiting to be sent; null for ziptrace's default. */
  public Long getQueuedMaxBytes() {
    return queuedMaxBytes;
  }

  /** Sets the most bytes of spans waiting to be sent. */
  public void setQueuedMaxBytes(Long queuedMaxBytes) {
    this.queuedMaxBytes = queuedMaxBytes;
  }

  /** The largest message sent to the collector; null for ziptrace's default. */
  public Integer getMessageMaxBytes() {
    return messageMaxBytes;
  }

  /** Sets the largest message sent to the collector. */
  public void setMessageMaxBytes(Integer messageMaxBytes) {
    this.messageMaxBytes = messageMaxBytes;
  }

  /** The longest a span waits before its batch is sent; null for ziptrace's default. */
  public Duration getSendInterval() {
    return sendInterval;
  }

  /** Sets the longest a span waits before its batch is sent. */
  public void setSendInterval(Duration sendInterval) {
    this.sendInterval = sendInterval;
  }

  /** How long a failing batch is retried; null for ziptrace's default. */
  public Duration getRetryTimeout() {
    return retryTimeout;
  }

  /** Sets how long a failing batch is retried. */
  public void setRetryTimeout(Duration retryTimeout) {
    this.retryTimeout = retryTimeout;
  }

  /** How long closing the reporter waits for queued spans to be sent; null for ziptrace's default. */
  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  /** Sets how long closing the reporter waits for queued spans to be sent. */
  public void setCloseTimeout(Duration closeTimeout) {
    this.closeTimeout = closeTimeout;
  }

  /** How many batches may be in flight at once; null for ziptrace's default. */
  public Integer getMaxConcurrentSends() {
    return maxConcurrentSends;
  }

  /** Sets how many batches may be in flight at once. */
  public void setMaxConcurrentSends(Integer maxConcurrentSends) {
    this.maxConcurrentSends = maxConcurrentSends;
  }

  /** Whether request bodies are gzipped; null for ziptrace's default. */
  public Boolean getGzip() {
    return gzip;
  }

  /** Sets whether request bodies are gzipped. */
  public void setGzip(Boolean gzip) {
    this.gzip = gzip;
  }

  /** Whether the sender speaks HTTP/2; null for ziptrace's default. */
  public Boolean getHttp2() {
    return http2;
  }

  /** Sets whether the sender speaks HTTP/2. */
  public void setHttp2(Boolean http2) {
    this.http2 = http2;
  }

  /** Applies the reporter settings that are set to {@code builder}. */
  void applyTo(AsyncReporter.Builder builder) {
    ifSet(queuedMaxSpans, builder::queuedMaxSpans);
    ifSet(queuedMaxBytes, builder::queuedMaxBytes);
    ifSet(messageMaxBytes, builder::messageMaxBytes);
    ifSet(sendInterval, builder::sendInterval);
    ifSet(retryTimeout, builder::retryTimeout);
    ifSet(closeTimeout, builder::closeTimeout);
    ifSet(maxConcurrentSends, builder::maxConcurrentSends);
  }

  /** Applies the sender settings that are set to {@code builder}. */
  void applyTo(HttpSender.Builder builder) {
    ifSet(messageMaxBytes, builder::messageMaxBytes);
    ifSet(gzip, builder::gzip);
    ifSet(http2, builder::http2);
  }

  private static <T> void ifSet(T value, Consumer<T> setter) {
    if (value != null) setter.accept(value);
  }
}
