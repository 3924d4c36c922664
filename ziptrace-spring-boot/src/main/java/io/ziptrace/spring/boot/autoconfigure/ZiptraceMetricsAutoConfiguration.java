package io.ziptrace.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.ziptrace.micrometer.ZiptraceReporterMetrics;
import io.ziptrace.reporting.AsyncReporter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Zipkin reporter's meters (spans reported, sent, dropped by reason,
 * queued): a {@link ZiptraceReporterMetrics} binder, which Spring Boot binds to the application's
 * meter registries, when Micrometer's metrics are on the class path and the reporter exists.
 *
 * <p>Applied by Spring Boot from the auto-configuration imports; not for direct use.
 */
@AutoConfiguration(after = ZiptraceZipkinAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, ZiptraceReporterMetrics.class })
@ConditionalOnBean(AsyncReporter.class)
public final class ZiptraceMetricsAutoConfiguration {
  ZiptraceMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  ZiptraceReporterMetrics ziptraceReporterMetrics(AsyncReporter reporter) {
    return new ZiptraceReporterMetrics(reporter);
  }
}
