package io.ziptrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.Tracer;
import io.ziptrace.sampling.Sampler;
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
    assertThat(settings.collectorUrl().value).isEqualTo("http://127.0.0.1:9411/api/v2/spans");
    assertThat(settings.serviceName("checkout").value).isEqualTo("checkout");
    assertThat(settings.sampleRate().value).isEqualTo("1.0");
  }

  @Test
  void propertiesWinOverOurVariablesWhichWinOverOpenTelemetrys() {
    environment.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://otel:9411/api/v2/spans");
    environment.put("OTEL_SERVICE_NAME", "otel-name");
    assertThat(settings.collectorUrl().value).isEqualTo("http://otel:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value).isEqualTo("otel-name");

    environment.put("ZIPTRACE_COLLECTOR_URL", "http://env:9411/api/v2/spans");
    environment.put("ZIPTRACE_SERVICE_NAME", "env-name");
    environment.put("ZIPTRACE_SAMPLE_RATE", "0.5");
    assertThat(settings.collectorUrl().value).isEqualTo("http://env:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value).isEqualTo("env-name");
    assertThat(settings.sampleRate().value).isEqualTo("0.5");

    properties.put("ziptrace.collector.url", "http://prop:9411/api/v2/spans");
    properties.put("ziptrace.service.name", "prop-name");
    properties.put("ziptrace.sample.rate", "0.25");
    assertThat(settings.collectorUrl().value).isEqualTo("http://prop:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value).isEqualTo("prop-name");
    assertThat(settings.sampleRate().value).isEqualTo("0.25");
  }

  @Test
  void blankValuesCountAsUnset() {
    properties.put("ziptrace.service.name", " ");
    environment.put("ZIPTRACE_SERVICE_NAME", "");
    environment.put("OTEL_SERVICE_NAME", "\t");
    assertThat(settings.serviceName("code").value).isEqualTo("code");
    assertThat(settings.serviceName(" ").value).isNull();
  }

  @Test
  void everyValueIsTrimmed() {
    properties.put("ziptrace.collector.url", "  ");
    environment.put("ZIPTRACE_COLLECTOR_URL", " http://h:9411/api/v2/spans ");
    environment.put("ZIPTRACE_SERVICE_NAME", "\tcheckout\n");
    environment.put("ZIPTRACE_SAMPLE_RATE", " 0.5 ");
    try (Tracer tracer = Zipkin.tracerFrom(settings, "code", logged::add)) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("checkout");
      assertThat(logged).containsExactly("ziptrace: service checkout (environment variable ZIPTRACE_SERVICE_NAME),"
          + " reporting to http://h:9411/api/v2/spans (environment variable ZIPTRACE_COLLECTOR_URL),"
          + " sample rate 0.5 (environment variable ZIPTRACE_SAMPLE_RATE)");
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
      assertThat(logged).containsExactly("ziptrace: service checkout (environment variable ZIPTRACE_SERVICE_NAME),"
          + " reporting to http://h:9411/api/v2/spans (environment variable OTEL_EXPORTER_ZIPKIN_ENDPOINT),"
          + " sample rate 0.1 (system property ziptrace.sample.rate)");
    }
  }

  @Test
  void logsTheDefaults() {
    try (Tracer tracer = Zipkin.tracerFrom(settings, "code", logged::add)) {
      assertThat(logged).containsExactly("ziptrace: service code (default), reporting to http://127.0.0.1:9411/api/v2/spans"
          + " (default), sample rate 1.0 (default)");
    }
  }

  @Test
  void noServiceNameAnywhereIsRejected() {
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, null, logged::add)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no service name: set the system property ziptrace.service.name or the environment variable"
            + " ZIPTRACE_SERVICE_NAME, or pass a default to tracerFromEnvironment");
  }

  @Test
  void buildsTheTracerFromTheSettings() {
    environment.put("ZIPTRACE_SERVICE_NAME", "from-env");
    try (Tracer tracer = Zipkin.tracerFrom(settings, "checkout", logged::add)) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("from-env");
    }
  }
}
