package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.propagation.Propagation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trace-context format the bridge propagates with (it adds the baggage fields itself), in
 * two configurations imported in this order, as Spring Boot does for Brave: while tracing export
 * is enabled, the formats of {@code management.tracing.propagation.*}; otherwise none, so that a
 * service whose tracing is switched off neither reads nor writes trace headers.
 */
final class ZiptracePropagationConfigurations {
  private ZiptracePropagationConfigurations() {}

  /** Propagation while {@code management.tracing.export.enabled} is not false. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(TracingProperties.class)
  static class Exported {
    @Bean
    @ConditionalOnMissingBean(Propagation.class)
    @ConditionalOnEnabledTracingExport
    Propagation ziptracePropagation(TracingProperties properties) {
      return ProduceConsumePropagation.from(properties.getPropagation());
    }
  }

  /** No propagation, when export is disabled. */
  @Configuration(proxyBeanMethods = false)
  static class NotExported {
    @Bean
    @ConditionalOnMissingBean(Propagation.class)
    Propagation ziptraceNoPropagation() {
      return Propagation.none();
    }
  }
}
