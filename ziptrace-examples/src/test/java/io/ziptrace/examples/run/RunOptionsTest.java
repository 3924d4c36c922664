package io.ziptrace.examples.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  @Test
  void defaultsToALocalZipkinKeptRunning() {
    RunOptions options = RunOptions.parse();

    assertThat(options.zipkinBase).isEqualTo(RunOptions.LOCAL_ZIPKIN);
    assertThat(options.zipkinGiven).isFalse();
    assertThat(options.once).isFalse();
  }

  @Test
  void zipkinAcceptsTheBaseOrTheSpansUrl() {
    assertThat(RunOptions.parse("--zipkin", "http://zipkin:9411/api/v2/spans").zipkinBase)
        .isEqualTo(URI.create("http://zipkin:9411"));
    assertThat(RunOptions.parse("--zipkin", "http://zipkin:9411/").zipkinBase)
        .isEqualTo(URI.create("http://zipkin:9411"));
  }

  @Test
  void flags() {
    RunOptions options = RunOptions.parse("--once", "--example", "simple", "--zipkin", "http://h:1");

    assertThat(options.once).isTrue();
    assertThat(options.example).isEqualTo("simple");
    assertThat(options.zipkinGiven).isTrue();
  }

  @Test
  void everyExampleCanBeChosenAndTheUsageNamesThemAll() {
    for (String example : RunOptions.EXAMPLES) {
      assertThat(RunOptions.parse("--example", example).example).isEqualTo(example);
      assertThat(RunOptions.USAGE).contains(example);
    }
    assertThat(RunOptions.EXAMPLES).contains("vertx");
  }

  @Test
  void helpStopsParsingSoItWinsOverLaterArguments() {
    assertThat(RunOptions.parse("--help").help).isTrue();
    assertThat(RunOptions.parse("--once", "-h", "--bogus").help).isTrue();
    assertThat(RunOptions.parse("--once").help).isFalse();
    assertThat(RunOptions.USAGE).contains("--help");
  }

  @Test
  void badArgumentsAreExplained() {
    assertThatThrownBy(() -> RunOptions.parse("--zipkin")).hasMessageContaining("--zipkin needs a value");
    assertThatThrownBy(() -> RunOptions.parse("--bogus")).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> RunOptions.parse("--example", "nope")).hasMessageContaining("nope");
    assertThatThrownBy(() -> RunOptions.parse("--zipkin", "zipkin:9411")).hasMessageContaining("not an http URL");
  }

  @Test
  void kafkaRefusesAnExistingZipkinAndSaysWhatToDo() {
    assertThat(RunOptions.parse("--example", "kafka").zipkinGiven).isFalse();
    assertThatThrownBy(() -> RunOptions.parse("--example", "kafka", "--zipkin", "http://h:9411"))
        .hasMessageContaining("--zipkin does not go with --example kafka")
        .hasMessageEndingWith("leave out --zipkin")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> RunOptions.parse("--zipkin", "http://h:9411", "--example", "kafka"))
        .hasMessageContaining("--zipkin does not go with --example kafka");
  }
}
