package io.ziptrace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  final Map<String, String> properties = new HashMap<>();
  final Map<String, String> environment = new HashMap<>();
  final OperatorSettings settings = new OperatorSettings(properties::get, environment::get);

  Setting find() {
    return settings.find("app.port", "8080", "APP_PORT", "PORT");
  }

  @Test
  void theDefaultWhenNothingIsSet() {
    assertThat(find().value()).isEqualTo("8080");
    assertThat(find().source()).isEqualTo("default");
  }

  @Test
  void noDefaultGivesANullValue() {
    Setting none = settings.find("app.port", null, "APP_PORT");
    assertThat(none.value()).isNull();
    assertThat(none.source()).isEqualTo("default");
    assertThat(settings.find("app.port", "  ").value()).isNull();
  }

  @Test
  void thePropertyWinsOverTheVariablesWhichWinInTheirOrder() {
    environment.put("PORT", "3");
    assertThat(find().value()).isEqualTo("3");
    assertThat(find().source()).isEqualTo("environment variable PORT");

    environment.put("APP_PORT", "2");
    assertThat(find().value()).isEqualTo("2");
    assertThat(find().source()).isEqualTo("environment variable APP_PORT");

    properties.put("app.port", "1");
    assertThat(find().value()).isEqualTo("1");
    assertThat(find().source()).isEqualTo("system property app.port");
  }

  @Test
  void valuesAreTrimmedAndBlankOnesCountAsUnset() {
    properties.put("app.port", " \t");
    environment.put("APP_PORT", "");
    environment.put("PORT", "\n 9090 ");
    assertThat(find().value()).isEqualTo("9090");
    assertThat(find().source()).isEqualTo("environment variable PORT");

    environment.put("PORT", " ");
    assertThat(find().source()).isEqualTo("default");
  }

  @Test
  void aPropertyAloneIsRead() {
    properties.put("app.name", "checkout");
    assertThat(settings.find("app.name", null).value()).isEqualTo("checkout");
  }

  @Test
  void as_convertsTheValue() {
    environment.put("APP_PORT", "9411");
    int port = find().as(Integer::parseInt);
    assertThat(port).isEqualTo(9411);
  }

  @Test
  void as_putsTheSourceInFrontOfTheMessageOfARefusedValue() {
    environment.put("APP_PORT", "nine");
    Setting port = find();
    assertThatThrownBy(() -> port.as(value -> {
      throw new IllegalArgumentException("\"" + value + "\" is not a port");
    })).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable APP_PORT: \"nine\" is not a port")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void as_letsOtherExceptionsThrough() {
    Setting port = find();
    assertThatThrownBy(() -> port.as(value -> {
      throw new IllegalStateException("not a setting problem");
    })).isInstanceOf(IllegalStateException.class).hasMessage("not a setting problem");
  }

  @Test
  void system_readsTheRealPropertiesAndEnvironment() {
    String home = System.getProperty("java.home");
    assertThat(OperatorSettings.system().find("java.home", null).value()).isEqualTo(home.strip());
  }
}
