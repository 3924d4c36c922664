package io.ziptrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Where Chromium is missing, the browser tests are skipped with a one-line reason that says what
 * was skipped and how to install Chromium, unless CI requires it; a Chromium that is there is used.
 */
class HeadlessChromiumTest {
  @TempDir Path dir;

  @Test
  void missingChromiumSkipsWithAOneLineReasonSayingHowToInstallIt() {
    List<String> nowhere = List.of(dir.resolve("chromium").toString());

    assertThatThrownBy(() -> HeadlessChromium.find(null, false, nowhere))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("Assumption failed: skipped this check of the Zipkin UI in a browser: headless Chromium not"
            + " found at " + nowhere.get(0) + "; install it with apt-get install chromium (or set CHROMIUM to its"
            + " path)");
  }

  @Test
  void missingChromiumFailsWhereItIsRequired() {
    String notExecutable = dir.resolve("chromium").toString();

    assertThatThrownBy(() -> HeadlessChromium.find(notExecutable, true, List.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessage("ZIPTRACE_REQUIRE_CHROMIUM is set but CHROMIUM=" + notExecutable
            + " is not an executable; install it with apt-get install chromium");
  }

  @Test
  void anExecutableCandidateIsUsed() throws Exception {
    Path chromium = Files.createFile(dir.resolve("chromium"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    assertThat(HeadlessChromium.find(null, true, List.of(dir.resolve("absent").toString(), chromium.toString())))
        .isNotNull();
  }
}
