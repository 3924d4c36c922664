package io.ziptrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.SpanCustomizer;
import io.micrometer.tracing.Tracer.SpanInScope;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.TestSpanReporter;
import io.micrometer.tracing.propagation.Propagator;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Tracer;
import io.ziptrace.micrometer.MdcScopeDecorator;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import io.ziptrace.sampling.Sampler;
import io.ziptrace.testing.InMemoryReporter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The tracer, bridge and propagation that ZiptraceTracingAutoConfiguration makes of Boot's properties. */
class ZiptraceTracingAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ZiptraceTracingAutoConfiguration.class,
          ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class))
      .withUserConfiguration(Spans.class);

  @Test
  void suppliesTheTracersPropagatorAndCustomizer() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(Tracer.class).hasSingleBean(ZiptraceMicrometer.class)
          .hasSingleBean(Propagator.class).hasSingleBean(SpanCustomizer.class).hasSingleBean(Sampler.class)
          .hasSingleBean(MdcScopeDecorator.class);
      ZiptraceMicrometer bridge = context.getBean(ZiptraceMicrometer.class);
      assertThat(context.getBean(io.micrometer.tracing.Tracer.class)).isSameAs(bridge.tracer());
      assertThat(context.getBean(Tracer.class)).isSameAs(bridge.ziptraceTracer());
      // Boot's handlers for our tracer, not its no-op one.
      assertThat(context).hasBean("defaultTracingObservationHandler").hasBean("propagatingSenderTracingObservationHandler");
      assertThat(context.getBean(Tracer.class).localEndpoint().serviceName()).isEqualTo("application");
    });
  }

  @Test
  void backsOffFromTheApplicationsBeans() {
    runner.withUserConfiguration(OwnBeans.class).run(context -> {
      OwnBeans own = context.getBean(OwnBeans.class);
      assertThat(context.getBean(io.micrometer.tracing.Tracer.class)).isSameAs(io.micrometer.tracing.Tracer.NOOP);
      assertThat(context.getBean(Propagator.class)).isSameAs(Propagator.NOOP);
      assertThat(context.getBean(SpanCustomizer.class)).isSameAs(SpanCustomizer.NOOP);
      assertThat(context.getBean(Sampler.class)).isSameAs(Sampler.NEVER);
      assertThat(context.getBean(Tracer.class)).isSameAs(own.tracer);
    });
  }

  @Test
  void nothingWithoutTheBridge() {
    runner.withClassLoader(new FilteredClassLoader(ZiptraceMicrometer.class)).run(context -> {
      assertThat(context).doesNotHaveBean(Tracer.class);
      assertThat(context.getBean(io.micrometer.tracing.Tracer.class)).isSameAs(io.micrometer.tracing.Tracer.NOOP);
    });
  }

  @Test
  void namesTheServiceAfterTheApplication() {
    runner.withPropertyValues("spring.application.name=users", "management.tracing.sampling.probability=1.0").run(context -> {
      Span span = context.getBean(io.micrometer.tracing.Tracer.class).nextSpan().name("work").start();
      span.end();
      FinishedSpan finished = context.getBean(InMemoryReporter.class).spans().get(0);
      assertThat(finished.localEndpoint().serviceName()).isEqualTo("users");
      assertThat(finished.context().traceIdString()).hasSize(32);
    });
  }

  @Test
  void samplesWithBootsProbability() {
    runner.run(context -> assertThat(sampledOf(context.getBean(Sampler.class), 10_000)).isBetween(800, 1200));
    runner.withPropertyValues("management.tracing.sampling.probability=1.0")
        .run(context -> assertThat(sampledOf(context.getBean(Sampler.class), 1_000)).isEqualTo(1_000));
    runner.withPropertyValues("management.tracing.sampling.probability=0")
        .run(context -> assertThat(sampledOf(context.getBean(Sampler.class), 1_000)).isZero());
    runner.withPropertyValues("management.tracing.sampling.probability=1.5").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("management.tracing.sampling.probability");
      assertThat(new InvalidTracingPropertyFailureAnalyzer().analyze(context.getStartupFailure())).satisfies(analysis -> {
        assertThat(analysis.getDescription()).contains("management.tracing.sampling.probability is 1.5");
        assertThat(analysis.getAction()).contains("between 0.0", "1.0");
      });
    });
  }

  @Test
  void producesW3cAndConsumesW3cAndB3ByDefault() {
    runner.withPropertyValues("management.tracing.sampling.probability=1.0").run(context -> {
      io.micrometer.tracing.Tracer tracer = context.getBean(io.micrometer.tracing.Tracer.class);
      Propagator propagator = context.getBean(Propagator.class);
      Span span = tracer.nextSpan().start();
      Map<String, String> headers = inject(propagator, span);
      assertThat(headers).containsOnlyKeys("traceparent");

      Span fromB3 = propagator.extract(Map.of("b3", span.context().traceId() + "-" + span.context().spanId() + "-1"),
          Map::get).start();
      assertThat(fromB3.context().traceId()).isEqualTo(span.context().traceId());
      assertThat(fromB3.context().parentId()).isEqualTo(span.context().spanId());
      Span fromMulti = propagator.extract(Map.of("x-b3-traceid", span.context().traceId(),
          "x-b3-spanid", span.context().spanId(), "x-b3-sampled", "1"), Map::get).start();
      assertThat(fromMulti.context().traceId()).isEqualTo(span.context().traceId());
    });
  }

  @Test
  void propagationTypesFromProperties() {
    runner.withPropertyValues("management.tracing.sampling.probability=1.0", "management.tracing.propagation.type=B3")
        .run(context -> {
          Span span = context.getBean(io.micrometer.tracing.Tracer.class).nextSpan().start();
          assertThat(inject(context.getBean(Propagator.class), span)).containsOnlyKeys("b3");
          Span fromW3c = context.getBean(Propagator.class)
              .extract(Map.of("traceparent", "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01"),
                  Map::get).start();
          assertThat(fromW3c.context().traceId()).isNotEqualTo(span.context().traceId());
        });
    runner.withPropertyValues("management.tracing.sampling.probability=1.0",
        "management.tracing.propagation.produce=B3_MULTI,W3C", "management.tracing.propagation.consume=W3C")
        .run(context -> {
          Span span = context.getBean(io.micrometer.tracing.Tracer.class).nextSpan().start();
          assertThat(inject(context.getBean(Propagator.class), span))
              .containsKeys("x-b3-traceid", "x-b3-spanid", "traceparent").doesNotContainKey("b3");
        });
  }

  @Test
  void propagatesNothingWhenExportIsDisabled() {
    runner.withPropertyValues("management.tracing.export.enabled=false", "management.tracing.sampling.probability=1.0")
        .run(context -> {
          Propagator propagator = context.getBean(Propagator.class);
          assertThat(propagator.fields()).isEmpty();
          assertThat(inject(propagator, context.getBean(io.micrometer.tracing.Tracer.class).nextSpan().start())).isEmpty();
        });
  }

  @Test
  void remoteBaggageFieldsTravelInTheirOwnHeaderAndW3cBaggage() {
    runner.withPropertyValues("management.tracing.sampling.probability=1.0",
        "management.tracing.baggage.remote-fields=user-id", "management.tracing.baggage.local-fields=tenant",
        "management.tracing.baggage.tag-fields=user-id").run(context -> {
          io.micrometer.tracing.Tracer tracer = context.getBean(io.micrometer.tracing.Tracer.class);
          assertThat(context.getBean(Tracer.class).baggageFields()).extracting(f -> f.name())
              .containsExactly("user-id", "tenant");
          assertThat(context.getBean(Propagator.class).fields()).contains("traceparent", "baggage", "user-id");
          Span span = tracer.nextSpan().name("with baggage").start();
          try (SpanInScope scope = tracer.withSpan(span);
              var user = tracer.createBaggageInScope("user-id", "u-1");
              var tenant = tracer.createBaggageInScope("tenant", "t-1")) {
            Map<String, String> headers = inject(context.getBean(Propagator.class), tracer.currentSpan());
            assertThat(headers).containsEntry("user-id", "u-1").containsEntry("baggage", "user-id=u-1");
          }
          span.end();
          assertThat(context.getBean(InMemoryReporter.class).spans().get(0).tags()).containsEntry("user-id", "u-1");
        });
  }

  @Test
  void anUnusableFieldNameFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("management.tracing.baggage.remote-fields=user id").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("management.tracing.baggage.remote-fields")
          .hasStackTraceContaining("'user id'");
      assertThat(new InvalidTracingPropertyFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
          .contains("management.tracing.baggage.remote-fields is 'user id'");
    });
  }

  @Test
  void mdcHoldsTheIdsAndCorrelationFieldsWhileInScope() {
    runner.withPropertyValues("management.tracing.sampling.probability=1.0",
        "management.tracing.baggage.remote-fields=user-id", "management.tracing.baggage.correlation.fields=user-id")
        .run(context -> {
          io.micrometer.tracing.Tracer tracer = context.getBean(io.micrometer.tracing.Tracer.class);
          Span span = tracer.nextSpan().start();
          try (SpanInScope scope = tracer.withSpan(span)) {
            assertThat(MDC.get("traceId")).isEqualTo(span.context().traceId()).hasSize(32);
            assertThat(MDC.get("spanId")).isEqualTo(span.context().spanId());
            try (var user = tracer.createBaggageInScope("user-id", "u-1")) {
              assertThat(MDC.get("user-id")).isEqualTo("u-1");
            }
            assertThat(MDC.get("user-id")).isNull();
          }
          assertThat(MDC.get("traceId")).isNull();
          assertThat(MDC.get("spanId")).isNull();
        });
  }

  @Test
  void noCorrelationFieldsWhenCorrelationIsDisabled() {
    runner.withPropertyValues("management.tracing.sampling.probability=1.0",
        "management.tracing.baggage.remote-fields=user-id", "management.tracing.baggage.correlation.fields=user-id",
        "management.tracing.baggage.correlation.enabled=false").run(context -> {
          io.micrometer.tracing.Tracer tracer = context.getBean(io.micrometer.tracing.Tracer.class);
          try (SpanInScope scope = tracer.withSpan(tracer.nextSpan().start());
              var user = tracer.createBaggageInScope("user-id", "u-1")) {
            assertThat(MDC.get("traceId")).isNotNull();
            assertThat(MDC.get("user-id")).isNull();
          }
        });
  }

  @Test
  void noBaggageNorMdcWhenBaggageIsDisabled() {
    runner.withPropertyValues("management.tracing.baggage.enabled=false", "management.tracing.baggage.remote-fields=user-id")
        .run(context -> {
          assertThat(context).doesNotHaveBean(MdcScopeDecorator.class);
          assertThat(context.getBean(Tracer.class).baggageFields()).isEmpty();
        });
  }

  @Test
  void finishedSpansGoThroughPredicatesFiltersAndReportersInOrder() {
    runner.withPropertyValues("management.tracing.sampling.probability=1.0").withUserConfiguration(Exporters.class)
        .run(context -> {
          io.micrometer.tracing.Tracer tracer = context.getBean(io.micrometer.tracing.Tracer.class);
          tracer.nextSpan().name("kept").start().end();
          tracer.nextSpan().name("dropped").start().end();
          TestSpanReporter reporter = context.getBean(TestSpanReporter.class);
          assertThat(reporter.spans()).singleElement()
              .satisfies(s -> assertThat(s.getTags()).containsEntry("first", "1").containsEntry("second", "first=1"));
          assertThat(context.getBean(InMemoryReporter.class).spans()).singleElement()
              .satisfies(s -> assertThat(s.name()).isEqualTo("kept"));
        });
  }

  @Test
  void anotherBridgeOnTheClassPathFailsTheStartWithAnExplanation(@TempDir Path tempDir) throws Exception {
    ConflictingTracerException failure = new ConflictingTracerException(List.of("io.micrometer:micrometer-tracing-bridge-brave"));
    assertThat(new ConflictingTracerFailureAnalyzer().analyze(failure)).satisfies(analysis -> {
      assertThat(analysis.getDescription()).contains("micrometer-tracing-bridge-brave");
      assertThat(analysis.getAction()).contains("spring-boot-starter-zipkin");
    });
    ClassLoader withBrave = classLoaderWith(tempDir, "io.micrometer.tracing.brave.bridge.BraveTracer");
    runner.withClassLoader(withBrave).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConflictingTracerException.class)
          .hasMessageContaining("micrometer-tracing-bridge-brave");
    });
  }

  /** This test's class loader, seeing an empty class {@code className} too, compiled here. */
  private ClassLoader classLoaderWith(Path dir, String className) throws Exception {
    int dot = className.lastIndexOf('.');
    Path source = dir.resolve(className.substring(dot + 1) + ".java");
    Files.writeString(source, "package " + className.substring(0, dot) + "; public class " + className.substring(dot + 1) + " {}");
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString());
    assertThat(status).isZero();
    return new URLClassLoader(new URL[] { dir.toUri().toURL() }, getClass().getClassLoader());
  }

  private static int sampledOf(Sampler sampler, int traces) {
    int sampled = 0;
    for (long id = 1; id <= traces; id++) {
      if (sampler.isSampled(id * 0x9E3779B97F4A7C15L)) sampled++;
    }
    return sampled;
  }

  private static Map<String, String> inject(Propagator propagator, Span span) {
    Map<String, String> headers = new LinkedHashMap<>();
    propagator.inject(span.context(), headers, Map::put);
    return headers;
  }

  /** Where the finished spans land. */
  @Configuration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    InMemoryReporter spans() {
      return new InMemoryReporter();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    final Tracer tracer = Tracer.builder().build();

    @Bean
    Tracer ownTracer() {
      return tracer;
    }

    @Bean
    io.micrometer.tracing.Tracer ownMicrometerTracer() {
      return io.micrometer.tracing.Tracer.NOOP;
    }

    @Bean
    Propagator ownPropagator() {
      return Propagator.NOOP;
    }

    @Bean
    SpanCustomizer ownSpanCustomizer() {
      return SpanCustomizer.NOOP;
    }

    @Bean
    Sampler ownSampler() {
      return Sampler.NEVER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Exporters {
    @Bean
    SpanExportingPredicate notDropped() {
      return span -> !span.getName().equals("dropped");
    }

    @Bean
    @Order(2)
    SpanFilter second() {
      return span -> span.setTags(with(span.getTags(), "second", "first=" + span.getTags().get("first")));
    }

    @Bean
    @Order(1)
    SpanFilter first() {
      return span -> span.setTags(with(span.getTags(), "first", "1"));
    }

    @Bean
    TestSpanReporter testSpanReporter() {
      return new TestSpanReporter();
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
      Map<String, String> copy = new LinkedHashMap<>(tags);
      copy.put(key, value);
      return copy;
    }
  }

}
