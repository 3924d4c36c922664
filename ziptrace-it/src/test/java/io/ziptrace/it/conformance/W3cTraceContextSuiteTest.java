package io.ziptrace.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.it.ZipkinServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The W3C Trace Context test suite (the {@code test/} folder of the w3c/trace-context repository:
 * a Python harness, {@code test.py}, that needs aiohttp) run against {@link
 * TraceContextTestService}, at specification level 2 (the random-trace-id flag) and strict level
 * 2, its defaults otherwise. The harness is not part of this project: point the system property
 * {@value #HARNESS_PROPERTY} or the environment variable {@value #HARNESS_VARIABLE} at that
 * folder; without either the test is skipped, saying so. The Python that runs it is {@code
 * python3}, or {@code /usr/bin/python3} when only that one has aiohttp (Debian's {@code
 * python3-aiohttp}), or the one the system property {@value #PYTHON_PROPERTY} names.
 */
class W3cTraceContextSuiteTest {
  static final String HARNESS_PROPERTY = "ziptrace.w3c.trace-context.harness";
  static final String HARNESS_VARIABLE = "ZIPTRACE_W3C_TRACE_CONTEXT_HARNESS";
  static final String PYTHON_PROPERTY = "ziptrace.w3c.python";
  private static final Pattern FAILED_CASE = Pattern.compile("^(?:FAIL|ERROR): (\\w+) \\(__main__\\.(\\w+)", Pattern.MULTILINE);
  private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in", Pattern.MULTILINE);

  @Test
  void everyCaseOfTheOfficialSuitePasses() throws Exception {
    Path harness = harness();
    String python = pythonWithAiohttp();
    Path output = Path.of("target", "w3c-trace-context-suite.txt").toAbsolutePath();
    Files.createDirectories(output.getParent());
    int exit;
    try (TraceContextTestService service = TraceContextTestService.start()) {
      ProcessBuilder run = new ProcessBuilder(python, "test.py", service.endpoint().toString()).directory(harness.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      run.environment().put("HARNESS_HOST", "127.0.0.1");
      run.environment().put("HARNESS_PORT", Integer.toString(ZipkinServer.freePort()));
      run.environment().put("SPEC_LEVEL", "2");
      run.environment().put("STRICT_LEVEL", "2");
      Process process = run.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the harness ran for 5 minutes; its output so far is in " + output);
      }
      exit = process.exitValue();
    }
    String report = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(report);

    Matcher ran = RAN.matcher(report);
    assertThat(ran.find()).as("the harness ran no case:%n%s", report).isTrue();
    assertThat(Integer.parseInt(ran.group(1))).as("cases run").isPositive();
    List<String> failed = new ArrayList<>();
    for (Matcher m = FAILED_CASE.matcher(report); m.find(); ) failed.add(m.group(2) + "." + m.group(1));
    assertThat(failed).as("cases that failed (the whole report is in %s):%n%s", output, report).isEmpty();
    assertThat(exit).as("the harness's exit status").isZero();
  }

  /** The harness's folder, or the test is skipped when none is configured. */
  static Path harness() {
    String configured = System.getProperty(HARNESS_PROPERTY, System.getenv(HARNESS_VARIABLE));
    Assumptions.assumeTrue(configured != null && !configured.isBlank(),
        "the W3C Trace Context harness is not part of this project: set " + HARNESS_PROPERTY + " or " + HARNESS_VARIABLE
            + " to the test/ folder of a w3c/trace-context checkout to run it");
    Path dir = Path.of(configured);
    assertThat(dir.resolve("test.py")).as("the harness, %s/test.py", dir).isRegularFile();
    return dir;
  }

  /** A Python that can import aiohttp, which the harness's callback server uses. */
  static String pythonWithAiohttp() throws IOException, InterruptedException {
    String configured = System.getProperty(PYTHON_PROPERTY);
    List<String> candidates = configured != null ? List.of(configured) : List.of("python3", "/usr/bin/python3");
    for (String python : candidates) {
      try {
        Process probe = new ProcessBuilder(python, "-c", "import aiohttp").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) return python;
        probe.destroyForcibly();
      } catch (IOException e) {
        // not installed: try the next
      }
    }
    throw new AssertionError("none of " + candidates + " can import aiohttp, which the harness needs:"
        + " install Debian's python3-aiohttp, or pip install aiohttp");
  }
}
