package io.ziptrace.examples.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code run-example} script, run as a user runs it from the repository root. */
class RunExampleScriptTest {
  /** The bound the user's issue demands: say why within 5 s, before building anything. */
  private static final Duration FAIL_FAST = Duration.ofSeconds(5);

  @Test
  void aDeadCollectorFailsFastWithTheCauseInOneLine() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("run-example")).isExecutable();
    String dead = "http://127.0.0.1:1";

    long start = System.nanoTime();
    Process process = new ProcessBuilder("./run-example", "--zipkin", dead, "--once")
        .directory(root.toFile()).redirectErrorStream(true).start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!exited) process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (!exited) process.destroyForcibly();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(exited).as("run-example exited; output:\n%s", output).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(took).isLessThanOrEqualTo(FAIL_FAST);
    assertThat(output.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("No Zipkin answers at " + dead + " (connection refused)"));
    assertThat(output).doesNotContain("ui:", "PT");
  }
}
