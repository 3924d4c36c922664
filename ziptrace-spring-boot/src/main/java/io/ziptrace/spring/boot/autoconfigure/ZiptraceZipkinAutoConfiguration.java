package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.Reporter;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.Sender;
import io.ziptrace.reporting.http.HttpSender;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that sends finished spans to Zipkin: an {@link HttpSender} to {@code
 * management.tracing.export.zipkin.endpoint} and an {@link AsyncReporter} over it, which the tracer
 * reports to. The reporter exists only while {@code management.tracing.export.zipkin.enabled} (or
 * else {@code management.tracing.export.enabled}) is not false, as with Spring Boot's Zipkin
 * export; it is closed, delivering what it has queued, when the application context closes.
 * Either bean gives way to one of the application's own ({@link Sender}, {@link Reporter}).
 *
 * <p>Applied by Spring Boot from the auto-configuration imports; not for direct use.
 */
@AutoConfiguration
@ConditionalOnClass(HttpSender.class)
@EnableConfigurationProperties({ ZiptraceZipkinProperties.class, ZiptraceReporterProperties.class })
public final class ZiptraceZipkinAutoConfiguration {
  ZiptraceZipkinAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(Sender.class)
  HttpSender ziptraceHttpSender(ZiptraceZipkinProperties zipkin, ZiptraceReporterProperties reporter) {
    HttpSender.Builder builder = HttpSender.builder(zipkin.getEndpoint())
        .encoding(zipkin.getEncoding())
        .connectTimeout(zipkin.getConnectTimeout())
        .requestTimeout(zipkin.getReadTimeout());
    reporter.applyTo(builder);
    return builder.build();
  }

  /**
   * The reporter, closed by the context rather than by its own JVM shutdown hook: Spring's hook
   * closes the context after the web server's graceful stop, so spans of the last requests are
   * still delivered, where a hook of the reporter's own would race it.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Reporter.class)
  @ConditionalOnBean(Sender.class)
  @ConditionalOnEnabledTracingExport("zipkin")
  AsyncReporter ziptraceAsyncReporter(Sender sender, ZiptraceReporterProperties properties) {
    AsyncReporter.Builder builder = AsyncReporter.builder(sender).shutdownHook(false);
    properties.applyTo(builder);
    return builder.build();
  }
}
