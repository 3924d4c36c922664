package io.ziptrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.sampling.Sampler;
import io.ziptrace.testing.InMemoryReporter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {
  final Map<String, String> properties = new HashMap<>();
  final Map<String, String> environment = new HashMap<>();
  final EnvironmentSettings settings = new EnvironmentSettings(properties::get, environment::get);
  final List<String> logged = new ArrayList<>();

  @Test
  void defaults() {
    assertThat(settings.collectorUrl().value()).isEqualTo("http://127.0.0.1:9411/api/v2/spans");
    assertThat(settings.serviceName("checkout").value()).isEqualTo("checkout");
    assertThat(settings.sampleRate().value()).isEqualTo("1.0");
  }

  @Test
  void propertiesWinOverOurVariablesWhichWinOverOpenTelemetrys() {
    environment.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://otel:9411/api/v2/spans");
    environment.put("OTEL_SERVICE_NAME", "otel-name");
    assertThat(settings.collectorUrl().value()).isEqualTo("http://otel:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value()).isEqualTo("otel-name");

    environment.put("ZIPTRACE_COLLECTOR_URL", "http://env:9411/api/v2/spans");
    environment.put("ZIPTRACE_SERVICE_NAME", "env-name");
    environment.put("ZIPTRACE_SAMPLE_RATE", "0.5");
    assertThat(settings.collectorUrl().value()).isEqualTo("http://env:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value()).isEqualTo("env-name");
    assertThat(settings.sampleRate().value()).isEqualTo("0.5");

    properties.put("ziptrace.collector.url", "http://prop:9411/api/v2/spans");
    properties.put("ziptrace.service.name", "prop-name");
    properties.put("ziptrace.sample.rate", "0.25");
    assertThat(settings.collectorUrl().value()).isEqualTo("http://prop:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value()).isEqualTo("prop-name");
    assertThat(settings.sampleRate().value()).isEqualTo("0.25");
  }

  @Test
  void blankValuesCountAsUnset() {
    properties.put("ziptrace.service.name", " ");
    environment.put("ZIPTRACE_SERVICE_NAME", "");
    environment.put("OTEL_SERVICE_NAME", "\t");
    assertThat(settings.serviceName("code").value()).isEqualTo("code");
    assertThat(settings.serviceName(" ").value()).isNull();
  }

  @Test
  void everyValueIsTrimmed() {
    properties.put("ziptrace.collector.url", "  ");
    environment.put("ZIPTRACE_COLLECTOR_URL", " http://h:9411/api/v2/spans ");
    environment.put("ZIPTRACE_SERVICE_NAME", "\tcheckout\n");
    environment.put("ZIPTRACE_SAMPLE_RATE", " 0.5 ");
    try (Tracer tracer = Zipkin.tracerFrom(settings, "code", logged::add)) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("checkout");
      assertThat(logged).containsExactly(
          "ziptrace: service checkout (environment variable ZIPTRACE_SERVICE_NAME), sample rate 0.5"
              + " (environment variable ZIPTRACE_SAMPLE_RATE)",
          "ziptrace: reporting to http://h:9411/api/v2/spans (environment variable ZIPTRACE_COLLECTOR_URL)");
    }
    environment.clear();
    try (Tracer tracer = Zipkin.tracerFrom(settings, " code ", logged::add)) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("code");
    }
  }

  @Test
  void aBadSampleRateNamesTheVariableAndValue() {
    environment.put("ZIPTRACE_SAMPLE_RATE", "ten percent");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout", logged::add)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable ZIPTRACE_SAMPLE_RATE: \"ten percent\" is not a sample rate: use a number from 0.0"
            + " (record nothing) to 1.0 (record every trace)");
    properties.put("ziptrace.sample.rate", "1.5");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout", logged::add))
        .hasMessage("system property ziptrace.sample.rate: sample rate 1.5 is not between 0.0 (record nothing) and 1.0"
            + " (record every trace)");
    properties.put("ziptrace.sample.rate", "NaN");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout", logged::add))
        .hasMessageStartingWith("system property ziptrace.sample.rate: sample rate NaN is not between 0.0");
    assertThat(logged).isEmpty();
  }

  @Test
  void aBadUrlNamesTheVariableAndQuotesTheValue() {
    environment.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "zipkin:9411");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout", logged::add)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable OTEL_EXPORTER_ZIPKIN_ENDPOINT: collector URL \"zipkin:9411\" has no scheme:"
            + " use http://zipkin:9411/api/v2/spans");
    environment.put("ZIPTRACE_COLLECTOR_URL", "http://h :9411/api/v2/spans");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout", logged::add))
        .hasMessageStartingWith("environment variable ZIPTRACE_COLLECTOR_URL: collector URL \"http://h :9411/api/v2/spans\""
            + " is not a valid URL");
  }

  @Test
  void tracerBuilder_takesTheServiceAndRateAndLeavesTheReporterToTheCaller() {
    environment.put("OTEL_SERVICE_NAME", "checkout");
    environment.put("ZIPTRACE_SAMPLE_RATE", "0");
    InMemoryReporter reporter = new InMemoryReporter();
    try (Tracer tracer = Zipkin.tracerBuilderFrom(settings, "code", logged::add).reporter(reporter).build()) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("checkout");
      assertThat(tracer.newTrace().isNoop()).isTrue(); // sample rate 0
      tracer.newTrace(true).name("forced").start().finish();
      assertThat(reporter.spans()).extracting(FinishedSpan::name).containsExactly("forced");
    }
    assertThat(logged).containsExactly(
        "ziptrace: service checkout (environment variable OTEL_SERVICE_NAME), sample rate 0 (environment variable"
            + " ZIPTRACE_SAMPLE_RATE)");
  }

  @Test
  void tracerBuilder_namesTheSettingAtFault() {
    properties.put("ziptrace.sample.rate", "all");
    assertThatThrownBy(() -> Zipkin.tracerBuilderFrom(settings, "checkout", logged::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("system property ziptrace.sample.rate: \"all\" is not a sample rate");
    properties.remove("ziptrace.sample.rate");
    assertThatThrownBy(() -> Zipkin.tracerBuilderFrom(settings, "", logged::add))
        .hasMessageStartingWith("no service name: set the system property ziptrace.service.name");
    assertThat(logged).isEmpty();
  }

  @Test
  void httpSender_takesTheUrlAndLeavesTheOptionsToTheCaller() {
    properties.put("ziptrace.collector.url", "https://user:pw@collector.example.com/api/v2/spans?key=k");
    HttpSender.Builder builder = Zipkin.httpSenderFrom(settings, logged::add);
    assertThat(logged).containsExactly(
        "ziptrace: reporting to https://collector.example.com/api/v2/spans (system property ziptrace.collector.url)");
    HttpSender sender = builder.gzip(true).encoding(Encoding.PROTO3).build();
    try {
      assertThat(sender.endpoint()).hasToString("https://user:pw@collector.example.com/api/v2/spans?key=k");
      assertThat(sender.encoding()).isEqualTo(Encoding.PROTO3);
      assertThat(sender.toString()).contains("gzip");
    } finally {
      sender.close();
    }
  }

  @Test
  void httpSender_defaultsToTheLocalCollector() {
    HttpSender sender = Zipkin.httpSenderFrom(settings, logged::add).build();
    try {
      assertThat(sender.endpoint()).hasToString("http://127.0.0.1:9411/api/v2/spans");
    } finally {
      sender.close();
    }
    assertThat(logged).containsExactly("ziptrace: reporting to http://127.0.0.1:9411/api/v2/spans (default)");
  }

  @Test
  void httpSender_namesTheSettingAtFault() {
    environment.put("ZIPTRACE_COLLECTOR_URL", "ftp://zipkin:9411/api/v2/spans");
    assertThatThrownBy(() -> Zipkin.httpSenderFrom(settings, logged::add)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable ZIPTRACE_COLLECTOR_URL: collector URL \"ftp://zipkin:9411/api/v2/spans\" must use"
            + " http or https, not ftp");
    assertThat(logged).isEmpty();
  }

  @Test
  void theSamplerFollowsTheRate() {
    assertThat(EnvironmentSettings.sampler("1")).isSameAs(Sampler.ALWAYS);
    assertThat(EnvironmentSettings.sampler("0.0")).isSameAs(Sampler.NEVER);
  }

  @Test
  void logsWhatItPickedAndWhereFrom() {
    environment.put("ZIPTRACE_SERVICE_NAME", "checkout");
    environment.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://user:s3cret@h:9411/api/v2/spans?key=k3y");
    properties.put("ziptrace.sample.rate", "0.1");
    try (Tracer tracer = Zipkin.tracerFrom(settings, "code", logged::add)) {
      assertThat(logged).containsExactly(
          "ziptrace: service checkout (environment variable ZIPTRACE_SERVICE_NAME), sample rate 0.1"
              + " (system property ziptrace.sample.rate)",
          "ziptrace: reporting to http://h:9411/api/v2/spans (environment variable OTEL_EXPORTER_ZIPKIN_ENDPOINT)");
    }
  }

  @Test
  void logsTheDefaults() {
    try (Tracer tracer = Zipkin.tracerFrom(settings, "code", logged::add)) {
      assertThat(logged).containsExactly("ziptrace: service code (default), sample rate 1.0 (default)",
          "ziptrace: reporting to http://127.0.0.1:9411/api/v2/spans (default)");
    }
  }

  @Test
  void noServiceNameAnywhereIsRejected() {
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, null, logged::add)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no service name: set the system property ziptrace.service.name or the environment variable"
            + " ZIPTRACE_SERVICE_NAME, or pass a default to tracerFromEnvironment or tracerBuilderFromEnvironment");
    assertThat(logged).isEmpty();
  }

  @Test
  void buildsTheTracerFromTheSettings() {
    environment.put("ZIPTRACE_SERVICE_NAME", "from-env");
    try (Tracer tracer = Zipkin.tracerFrom(settings, "checkout", logged::add)) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("from-env");
    }
  }

  @Test
  void httpSenderFromEnvironment_readsTheRealPropertiesAndEnvironment() {
    assumeTrue(System.getProperty("ziptrace.collector.url") == null && System.getenv("ZIPTRACE_COLLECTOR_URL") == null
        && System.getenv("OTEL_EXPORTER_ZIPKIN_ENDPOINT") == null, "a collector URL is set in this process");
    assertThat(Zipkin.httpSenderFromEnvironment().destination()).isEqualTo(EnvironmentSettings.DEFAULT_COLLECTOR_URL);
  }
}
