package io.ziptrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Reporter;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.Sender;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.testing.InMemoryReporter;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What ZiptraceZipkinAutoConfiguration makes of the Zipkin export properties. */
class ZiptraceZipkinAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ZiptraceZipkinAutoConfiguration.class));

  @Test
  void sendsJsonToBootsDefaultEndpoint() {
    runner.run(context -> {
      HttpSender sender = context.getBean(HttpSender.class);
      assertThat(sender.endpoint()).isEqualTo(URI.create("http://localhost:9411/api/v2/spans"));
      assertThat(sender.encoding()).isEqualTo(Encoding.JSON);
      assertThat(context).hasSingleBean(AsyncReporter.class);
    });
  }

  @Test
  void readsBootsZipkinProperties() {
    runner.withPropertyValues("management.tracing.export.zipkin.endpoint=http://127.0.0.1:1/zipkin/spans",
        "management.tracing.export.zipkin.encoding=proto3", "management.ziptrace.reporter.message-max-bytes=1000")
        .run(context -> {
          HttpSender sender = context.getBean(HttpSender.class);
          assertThat(sender.endpoint()).isEqualTo(URI.create("http://127.0.0.1:1/zipkin/spans"));
          assertThat(sender.encoding()).isEqualTo(Encoding.PROTO3);
          assertThat(sender.messageMaxBytes()).isEqualTo(1000);
        });
  }

  @Test
  void aBadEndpointFailsTheStartNamingIt() {
    runner.withPropertyValues("management.tracing.export.zipkin.endpoint=ftp://127.0.0.1/spans").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("ftp://127.0.0.1/spans");
    });
  }

  @Test
  void backsOffFromTheApplicationsSenderAndReporter() {
    runner.withUserConfiguration(OwnReporter.class).run(context -> {
      assertThat(context).getBean(Reporter.class).isSameAs(context.getBean(OwnReporter.class).reporter);
      assertThat(context).doesNotHaveBean(AsyncReporter.class);
    });
    runner.withUserConfiguration(OwnSender.class).run(context -> {
      assertThat(context).getBean(Sender.class).isSameAs(context.getBean(OwnSender.class).sender);
      assertThat(context).doesNotHaveBean("ziptraceHttpSender");
      assertThat(context).hasSingleBean(AsyncReporter.class);
    });
  }

  @Test
  void noReporterWhenExportIsDisabled() {
    runner.withPropertyValues("management.tracing.export.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(AsyncReporter.class).hasSingleBean(HttpSender.class));
    runner.withPropertyValues("management.tracing.export.zipkin.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(AsyncReporter.class));
  }

  @Test
  void theZipkinPropertyWinsOverTheGlobalOne() {
    runner.withPropertyValues("management.tracing.export.enabled=false", "management.tracing.export.zipkin.enabled=true")
        .run(context -> assertThat(context).hasSingleBean(AsyncReporter.class));
  }

  @Test
  void closingTheContextDeliversWhatIsQueued() {
    try (LoopbackCollector collector = new LoopbackCollector()) {
      // A send interval far beyond the test: only close() can deliver the span.
      runner.withPropertyValues("management.tracing.export.zipkin.endpoint=" + collector.spansUrl(),
          "management.ziptrace.reporter.send-interval=1h").run(context -> {
            AsyncReporter reporter = context.getBean(AsyncReporter.class);
            // Not closed here: closing a tracer closes its reporter, which is the context's to close.
            Tracer tracer = Tracer.builder().reporter(reporter).build();
            tracer.newTrace().name("queued at close").start().finish();
            assertThat(reporter.metrics().spansReported()).isEqualTo(1);
            assertThat(collector.bodies()).isEmpty();
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            assertThat(reporter.metrics().spansSent()).isEqualTo(1);
            assertThat(collector.bodies()).singleElement().asString().contains("\"name\":\"queued at close\"");
          });
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnReporter {
    final InMemoryReporter reporter = new InMemoryReporter();

    @Bean
    Reporter reporter() {
      return reporter;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSender {
    final Sender sender = HttpSender.create("http://127.0.0.1:1/api/v2/spans");

    @Bean
    Sender sender() {
      return sender;
    }
  }
}
