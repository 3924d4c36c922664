package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The defaults the docs state against those the builders really start with, read from fresh
 * builders: each {@code // default ...} comment of the guide's example that builds an {@code
 * HttpSender} and an {@code AsyncReporter} by hand, and architecture.md's number of reporter
 * threads. A default changed in code without the docs fails here.
 */
class DocumentedDefaultsTest {
  private static final Path ROOT = Path.of(System.getProperty("ziptrace.root.dir", ".."));
  /** {@code     .queuedMaxSpans(50_000)             // default 50,000}: the setting and what follows "default ". */
  private static final Pattern DEFAULT_COMMENT = Pattern.compile("^\\s*\\.(\\w+)\\(.*\\)\\s*// default ([^:].*)$");
  /** {@code // default: daemon threads "ziptrace-reporter", ...} */
  private static final Pattern THREAD_FACTORY_COMMENT =
      Pattern.compile("^\\s*\\.threadFactory\\(.*\\)\\s*// default: daemon threads \"([^\"]+)\"");
  private static final Pattern REPORTER_THREADS = Pattern.compile("`maxConcurrentSends` alike threads \\(default (\\d+)\\)");
  private static final long MIB = 1024 * 1024;
  /** How the guide words a boolean setting's values where "true"/"false" (or "on"/"off") would say less. */
  private static final Map<String, Map<Boolean, String>> BOOLEAN_WORDS =
      Map.of("http2", Map.of(false, "HTTP/1.1", true, "HTTP/2"));

  private final HttpSender.Builder senderBuilder = HttpSender.builder("http://127.0.0.1:9411/api/v2/spans");
  private final HttpSender sender = senderBuilder.build();
  private final AsyncReporter.Builder reporterBuilder = AsyncReporter.builder(sender);

  @AfterEach
  void closeSender() {
    sender.close();
  }

  @Test
  void theGuidesBuilderExampleStatesTheBuildersDefaults() throws Exception {
    int checked = 0;
    Object builder = null;
    for (String line : guideExample()) {
      if (line.contains("HttpSender.builder(")) builder = senderBuilder;
      if (line.contains("AsyncReporter.builder(")) builder = reporterBuilder;
      Matcher comment = DEFAULT_COMMENT.matcher(line);
      if (!comment.matches()) continue;
      String setting = comment.group(1);
      String expected = worded(setting, defaultOf(builder, setting));
      assertThat(comment.group(2)).as("the guide's default for %s", setting).matches(Pattern.quote(expected) + "(\\W.*)?");
      checked++;
    }
    assertThat(checked).as("defaults the guide's example states").isGreaterThanOrEqualTo(11);
  }

  @Test
  void theGuidesThreadFactoryDefaultNamesTheThreadsItMakes() throws Exception {
    Matcher comment = guideExample().stream().map(THREAD_FACTORY_COMMENT::matcher).filter(Matcher::find).findFirst()
        .orElseThrow(() -> new AssertionError("the guide's example says what threadFactory's default makes"));
    Thread thread = ((ThreadFactory) defaultOf(reporterBuilder, "threadFactory")).newThread(() -> {});

    assertThat(thread.getName()).isEqualTo(comment.group(1));
    assertThat(thread.isDaemon()).isTrue();
  }

  @Test
  void architectureStatesTheDefaultNumberOfReporterThreads() throws Exception {
    Matcher stated = REPORTER_THREADS.matcher(Files.readString(ROOT.resolve("docs/architecture.md")));

    assertThat(stated.find()).as("architecture.md says how many reporter threads there are by default").isTrue();
    assertThat(Integer.parseInt(stated.group(1))).isEqualTo(defaultOf(reporterBuilder, "maxConcurrentSends"));
  }

  /** The guide's code block that builds an HttpSender and an AsyncReporter by hand. */
  private static List<String> guideExample() throws Exception {
    String guide = Files.readString(ROOT.resolve("docs/guide.md"));
    for (String block : guide.split("```")) {
      if (block.contains("HttpSender.builder(") && block.contains("AsyncReporter.builder(sender)")) {
        return block.lines().toList();
      }
    }
    throw new AssertionError("docs/guide.md has no example building an HttpSender and an AsyncReporter");
  }

  /** The value of {@code setting} in a builder nobody has configured. */
  private static Object defaultOf(Object builder, String setting) throws ReflectiveOperationException {
    assertThat(builder).as("a builder before .%s", setting).isNotNull();
    Field field = builder.getClass().getDeclaredField(setting);
    field.setAccessible(true);
    return field.get(builder);
  }

  /** {@code value} as the guide words it: 50,000; 16 MiB; 1 s; 1 min; off; JSON. */
  private static String worded(String setting, Object value) {
    if (value instanceof Boolean) {
      boolean on = (Boolean) value;
      return BOOLEAN_WORDS.containsKey(setting) ? BOOLEAN_WORDS.get(setting).get(on) : on ? "true" : "off";
    }
    if (value instanceof Duration) {
      Duration duration = (Duration) value;
      return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
    if (value instanceof Number) {
      long number = ((Number) value).longValue();
      return number >= MIB && number % MIB == 0 ? number / MIB + " MiB" : NumberFormat.getIntegerInstance(Locale.US).format(number);
    }
    return String.valueOf(value);
  }
}
