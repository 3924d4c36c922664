package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.micrometer.MdcScopeDecorator;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Log correlation: the SLF4J MDC holds {@code traceId} and {@code spanId} of the current span,
 * which Spring Boot's default log pattern ({@code %correlationId}) prints as {@code
 * [traceId-spanId]}, plus the baggage fields of {@code management.tracing.baggage.correlation.fields}
 * while {@code ...correlation.enabled} is not false. Like Brave's, only while baggage is enabled.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.slf4j.MDC")
@ConditionalOnBooleanProperty(name = "management.tracing.baggage.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
class ZiptraceCorrelationConfiguration {
  @Bean
  @ConditionalOnMissingBean
  MdcScopeDecorator ziptraceMdcScopeDecorator(TracingProperties properties) {
    TracingProperties.Baggage.Correlation correlation = properties.getBaggage().getCorrelation();
    List<String> fields = correlation.isEnabled() ? correlation.getFields() : List.of();
    return MdcScopeDecorator.builder().correlationFields(fields).build();
  }
}
