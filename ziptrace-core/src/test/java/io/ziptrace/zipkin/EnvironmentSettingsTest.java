package io.ziptrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.Tracer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {
  final Map<String, String> properties = new HashMap<>();
  final Map<String, String> environment = new HashMap<>();
  final EnvironmentSettings settings = new EnvironmentSettings(properties::get, environment::get);

  @Test
  void defaults() {
    assertThat(settings.collectorUrl().value).isEqualTo("http://127.0.0.1:9411/api/v2/spans");
    assertThat(settings.serviceName("checkout").value).isEqualTo("checkout");
    assertThat(settings.sampleRate().as(EnvironmentSettings::parseSampleRate)).isEqualTo(1.0);
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
    assertThat(settings.sampleRate().as(EnvironmentSettings::parseSampleRate)).isEqualTo(0.5);

    properties.put("ziptrace.collector.url", "http://prop:9411/api/v2/spans");
    properties.put("ziptrace.service.name", "prop-name");
    properties.put("ziptrace.sample.rate", "0.25");
    assertThat(settings.collectorUrl().value).isEqualTo("http://prop:9411/api/v2/spans");
    assertThat(settings.serviceName("code").value).isEqualTo("prop-name");
    assertThat(settings.sampleRate().as(EnvironmentSettings::parseSampleRate)).isEqualTo(0.25);
  }

  @Test
  void blankValuesCountAsUnset() {
    properties.put("ziptrace.service.name", " ");
    environment.put("ZIPTRACE_SERVICE_NAME", "");
    assertThat(settings.serviceName("code").value).isEqualTo("code");
  }

  @Test
  void aBadSampleRateNamesTheVariableAndValue() {
    environment.put("ZIPTRACE_SAMPLE_RATE", "ten percent");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable ZIPTRACE_SAMPLE_RATE: \"ten percent\" is not a sample rate: use a number from 0.0 to 1.0");
    properties.put("ziptrace.sample.rate", "1.5");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout"))
        .hasMessage("system property ziptrace.sample.rate: \"1.5\" is not a sample rate: use a number from 0.0 to 1.0");
  }

  @Test
  void aBadUrlNamesTheVariable() {
    environment.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "zipkin:9411");
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, "checkout")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable OTEL_EXPORTER_ZIPKIN_ENDPOINT: collector URL zipkin:9411 has no scheme:"
            + " use http://zipkin:9411/api/v2/spans");
  }

  @Test
  void noServiceNameAnywhereIsRejected() {
    assertThatThrownBy(() -> Zipkin.tracerFrom(settings, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no service name: set the system property ziptrace.service.name or the environment variable"
            + " ZIPTRACE_SERVICE_NAME, or pass a default to tracerFromEnvironment");
  }

  @Test
  void buildsTheTracerFromTheSettings() {
    environment.put("ZIPTRACE_SERVICE_NAME", "from-env");
    try (Tracer tracer = Zipkin.tracerFrom(settings, "checkout")) {
      assertThat(tracer.localEndpoint().serviceName()).isEqualTo("from-env");
    }
  }
}
