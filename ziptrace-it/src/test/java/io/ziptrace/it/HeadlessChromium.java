package io.ziptrace.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a page in headless Chromium, scripts included, and returns its DOM. */
public final class HeadlessChromium {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /**
   * The installed Chromium: the executable named by the environment variable {@code CHROMIUM},
   * else the first of /usr/bin/chromium and /usr/bin/chromium-browser. Where the environment
   * variable {@code ZIPTRACE_REQUIRE_CHROMIUM} is set (CI installs Chromium) a missing browser fails
   * the test; elsewhere the test is skipped, its one-line reason saying what it skipped and how to
   * install Chromium, so that a machine with only a JDK and Maven passes the build.
   */
  public static HeadlessChromium find() {
    return find(System.getenv("CHROMIUM"), System.getenv("ZIPTRACE_REQUIRE_CHROMIUM") != null, CANDIDATES);
  }

  /** {@link #find()} with the environment's settings given: the override path or null, and whether it is required. */
  static HeadlessChromium find(String override, boolean required, List<String> candidates) {
    Path found = override != null ? Path.of(override) : null;
    for (int i = 0; found == null && i < candidates.size(); i++) {
      Path candidate = Path.of(candidates.get(i));
      if (Files.isExecutable(candidate)) found = candidate;
    }
    if (found == null || !Files.isExecutable(found)) {
      String notFound = override != null
          ? "CHROMIUM=" + override + " is not an executable"
          : "headless Chromium not found at " + String.join(" or ", candidates);
      if (required) {
        throw new AssertionError("ZIPTRACE_REQUIRE_CHROMIUM is set but " + notFound
            + "; install it with apt-get install chromium");
      }
      assumeTrue(false, "skipped this check of the Zipkin UI in a browser: " + notFound
          + "; install it with apt-get install chromium (or set CHROMIUM to its path)");
    }
    return new HeadlessChromium(found);
  }

  /**
   * Loads {@code url}, lets its scripts run for up to {@code budgetMillis} of virtual time, and
   * returns the resulting DOM.
   */
  public String dumpDom(String url, int budgetMillis, Path workDir) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(workDir, "chromium-profile");
    Path output = workDir.resolve("chromium-dom.html");
    // The background-networking flags keep Chromium from calling out to the internet.
    Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMillis,
        "--dump-dom", url)
        .redirectOutput(output.toFile())
        .redirectError(workDir.resolve("chromium-stderr.log").toFile())
        .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish rendering " + url + " within 120 s");
    }
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
