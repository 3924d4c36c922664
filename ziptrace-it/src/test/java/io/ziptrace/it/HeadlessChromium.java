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
   * The installed Chromium. Where the environment variable {@code ZIPTRACE_REQUIRE_CHROMIUM} is
   * set (CI installs Chromium) a missing browser fails the test; elsewhere the test is skipped.
   */
  public static HeadlessChromium find() {
    String override = System.getenv("CHROMIUM");
    Path found = override != null ? Path.of(override) : null;
    for (int i = 0; found == null && i < CANDIDATES.size(); i++) {
      Path candidate = Path.of(CANDIDATES.get(i));
      if (Files.isExecutable(candidate)) found = candidate;
    }
    if (found == null || !Files.isExecutable(found)) {
      if (System.getenv("ZIPTRACE_REQUIRE_CHROMIUM") != null) {
        throw new AssertionError("Chromium is required but not installed (apt-get install chromium)");
      }
      assumeTrue(false, "Chromium is not installed; skipping the browser test");
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
