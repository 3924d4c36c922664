package io.ziptrace.spring.boot.autoconfigure;

import io.micrometer.tracing.SpanCustomizer;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.propagation.Propagator;
import io.ziptrace.BaggageField;
import io.ziptrace.Endpoint;
import io.ziptrace.Reporter;
import io.ziptrace.Tracer;
import io.ziptrace.micrometer.ScopeDecorator;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import io.ziptrace.propagation.Propagation;
import io.ziptrace.sampling.Sampler;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that traces Micrometer Observations with ziptrace, in place of Brave: the
 * ziptrace {@link Tracer} and its Micrometer bridge ({@link io.micrometer.tracing.Tracer}, {@link
 * Propagator}, {@link SpanCustomizer}), configured by Spring Boot's {@code management.tracing.*}
 * properties (sampling probability, propagation formats, baggage fields), with 128-bit trace ids
 * and {@code spring.application.name} as the local service name. Finished spans go through the
 * application's {@link SpanExportingPredicate}, {@link SpanFilter} and {@link SpanReporter} beans,
 * in their order, then to the {@link Reporter} bean (Zipkin's, from {@link
 * ZiptraceZipkinAutoConfiguration}), if any. Every bean gives way to one of the application's own
 * type.
 *
 * <p>Runs before Spring Boot's {@link MicrometerTracingAutoConfiguration}, which then adds the
 * observation handlers for this tracer, and before {@link NoopTracerAutoConfiguration}. Applied
 * by Spring Boot from the auto-configuration imports; not for direct use.
 */
@AutoConfiguration(before = { MicrometerTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class },
    after = ZiptraceZipkinAutoConfiguration.class)
@ConditionalOnClass({ io.micrometer.tracing.Tracer.class, ZiptraceMicrometer.class })
@EnableConfigurationProperties(TracingProperties.class)
@Import({ ZiptracePropagationConfigurations.Exported.class, ZiptracePropagationConfigurations.NotExported.class,
    ZiptraceCorrelationConfiguration.class })
public final class ZiptraceTracingAutoConfiguration {
  /** The local service name when {@code spring.application.name} is not set, as with Brave. */
  private static final String DEFAULT_APPLICATION_NAME = "application";

  private final TracingProperties properties;

  ZiptraceTracingAutoConfiguration(TracingProperties properties, ConfigurableListableBeanFactory beanFactory) {
    TracerConflict.check(beanFactory.getBeanClassLoader());
    this.properties = properties;
  }

  @Bean
  @ConditionalOnMissingBean
  Sampler ziptraceSampler() {
    return ProbabilitySampler.of(properties.getSampling().getProbability());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ZiptraceMicrometer ziptraceMicrometer(Environment environment, Sampler sampler, Propagation propagation,
      ObjectProvider<Reporter> reporter, ObjectProvider<SpanExportingPredicate> predicates,
      ObjectProvider<SpanFilter> filters, ObjectProvider<SpanReporter> reporters,
      ObjectProvider<ScopeDecorator> scopeDecorators) {
    List<BaggageField> baggage = BaggageFieldsFromProperties.of(properties.getBaggage());
    Tracer.Builder tracer = Tracer.builder()
        .localEndpoint(Endpoint.of(environment.getProperty("spring.application.name", DEFAULT_APPLICATION_NAME)))
        .traceId128Bit(true)
        .supportsJoin(false)
        .sampler(sampler)
        .baggageFields(baggage.toArray(new BaggageField[0]));
    return ZiptraceMicrometer.builder(tracer)
        .reporter(reporter.getIfAvailable(() -> Reporter.NOOP))
        .propagation(propagation)
        .spanFilters(filters.orderedStream().toList())
        .exportingPredicates(predicates.orderedStream().toList())
        .spanReporters(reporters.orderedStream().toList())
        .scopeDecorators(scopeDecorators.orderedStream().toList())
        .tagFields(properties.getBaggage().isEnabled() ? properties.getBaggage().getTagFields() : List.of())
        .build();
  }

  /**
   * The tracer of ziptrace's own API, for code that traces explicitly. Closed with the context,
   * before the reporter it reports to, which closing it flushes.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Tracer ziptraceTracer(ZiptraceMicrometer bridge) {
    return bridge.ziptraceTracer();
  }

  @Bean
  @ConditionalOnMissingBean(io.micrometer.tracing.Tracer.class)
  io.micrometer.tracing.Tracer ziptraceMicrometerTracer(ZiptraceMicrometer bridge) {
    return bridge.tracer();
  }

  @Bean
  @ConditionalOnMissingBean(Propagator.class)
  Propagator ziptracePropagator(ZiptraceMicrometer bridge) {
    return bridge.propagator();
  }

  @Bean
  @ConditionalOnMissingBean(SpanCustomizer.class)
  SpanCustomizer ziptraceSpanCustomizer(ZiptraceMicrometer bridge) {
    return bridge.spanCustomizer();
  }
}
