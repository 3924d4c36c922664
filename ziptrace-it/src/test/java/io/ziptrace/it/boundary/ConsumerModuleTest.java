package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Tracer;
import io.ziptrace.kafka.testing.LocalKafka;
import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application compiled as a module against ziptrace-core's jar uses the API through the
 * exported packages only: the module system, not a convention, keeps it out of {@code
 * io.ziptrace.internal}. Test code compiled as a module reaches ziptrace-kafka-testing by the
 * module name its jar declares.
 */
class ConsumerModuleTest {
  private static final String MODULE_INFO = "module consumer {\n  requires io.ziptrace;\n  exports consumer;\n}\n";

  private static final String TRACING_CONSUMER = String.join("\n",
      "package consumer;",
      "",
      "import io.ziptrace.Endpoint;",
      "import io.ziptrace.FinishedSpan;",
      "import io.ziptrace.Kind;",
      "import io.ziptrace.Span;",
      "import io.ziptrace.Tracer;",
      "import io.ziptrace.propagation.B3Propagation;",
      "import io.ziptrace.propagation.MapHeaders;",
      "import io.ziptrace.testing.InMemoryReporter;",
      "import java.util.LinkedHashMap;",
      "import java.util.List;",
      "import java.util.Map;",
      "",
      "public final class Consumer {",
      "  /** The finished span's name and trace id, then the trace id injected in the B3 headers. */",
      "  public static List<String> run() {",
      "    InMemoryReporter spans = new InMemoryReporter();",
      "    try (Tracer tracer = Tracer.builder().localEndpoint(Endpoint.of(\"consumer\")).reporter(spans).build()) {",
      "      Span span = tracer.newTrace().name(\"from a module\").kind(Kind.CLIENT).start();",
      "      Map<String, String> headers = new LinkedHashMap<>();",
      "      B3Propagation.multi().inject(span.context(), headers, MapHeaders.SETTER);",
      "      span.finish();",
      "      FinishedSpan finished = spans.spans().get(0);",
      "      return List.of(finished.name(), finished.context().traceIdString(), headers.get(\"x-b3-traceid\"));",
      "    }",
      "  }",
      "}",
      "");

  private static final String KAFKA_TEST_MODULE_INFO =
      "module consumer {\n  requires io.ziptrace.kafka.testing;\n  requires kafka.clients;\n  exports consumer;\n}\n";

  private static final String KAFKA_TEST_CONSUMER = String.join("\n",
      "package consumer;",
      "",
      "import io.ziptrace.kafka.testing.LocalKafka;",
      "import java.util.Set;",
      "import org.apache.kafka.clients.admin.Admin;",
      "",
      "public final class Consumer {",
      "  public static Set<String> run() throws Exception {",
      "    try (LocalKafka kafka = LocalKafka.start(); Admin admin = kafka.admin()) {",
      "      kafka.createTopic(\"orders\", 1);",
      "      return admin.listTopics().names().get();",
      "    }",
      "  }",
      "}",
      "");

  private static final String INTERNAL_CONSUMER = String.join("\n",
      "package consumer;",
      "",
      "public final class Consumer {",
      "  public static String id() {",
      "    return io.ziptrace.internal.Hex.toHex16(1L);",
      "  }",
      "}",
      "");

  private static final String MICROMETER_MODULE_INFO =
      "module consumer {\n  requires io.ziptrace.micrometer;\n  exports consumer;\n}\n";

  private static final String MICROMETER_CONSUMER = String.join("\n",
      "package consumer;",
      "",
      "import io.ziptrace.Tracer;",
      "import io.ziptrace.micrometer.ZiptraceMicrometer;",
      "",
      "public final class Consumer {",
      "  public static String run() {",
      "    ZiptraceMicrometer bridge = ZiptraceMicrometer.builder(Tracer.builder()).build();",
      "    io.micrometer.tracing.Span span = bridge.tracer().nextSpan().name(\"from a module\").start();",
      "    span.end();",
      "    return span.context().traceId();",
      "  }",
      "}",
      "");

  @TempDir Path dir;

  @Test
  void consumerModuleCompilesAgainstTheApiAndRecordsASpan() throws Exception {
    Path classes = dir.resolve("classes");
    List<Diagnostic<? extends JavaFileObject>> errors = compile(TRACING_CONSUMER, classes);
    assertThat(errors).as("compile errors").isEmpty();

    ModuleLayer layer = layerWith(classes);
    Class<?> consumer = layer.findLoader("consumer").loadClass("consumer.Consumer");
    @SuppressWarnings("unchecked")
    List<String> result = (List<String>) consumer.getMethod("run").invoke(null);

    assertThat(consumer.getModule().getName()).isEqualTo("consumer");
    assertThat(layer.findModule("io.ziptrace").orElseThrow().isExported("io.ziptrace.internal")).isFalse();
    assertThat(result.get(0)).isEqualTo("from a module");
    assertThat(result.get(1)).hasSize(16).isEqualTo(result.get(2));
  }

  @Test
  void consumerModuleCannotReachTheInternalPackage() throws IOException {
    List<Diagnostic<? extends JavaFileObject>> errors = compile(INTERNAL_CONSUMER, dir.resolve("classes"));

    assertThat(errors).isNotEmpty();
    Diagnostic<? extends JavaFileObject> first = errors.get(0);
    assertThat(first.getCode()).isEqualTo("compiler.err.package.not.visible");
    assertThat(first.getMessage(Locale.ROOT)).contains("io.ziptrace.internal").contains("not visible");
  }

  @Test
  void testModuleRequiresKafkaTestingByItsModuleName() throws IOException {
    String modulePath = PublishedModule.of(LocalKafka.class).location() + File.pathSeparator
        + PublishedModule.of(Admin.class).location();

    List<Diagnostic<? extends JavaFileObject>> errors =
        compile(KAFKA_TEST_MODULE_INFO, KAFKA_TEST_CONSUMER, modulePath, dir.resolve("classes"));

    assertThat(errors).as("compile errors").isEmpty();
    assertThat(dir.resolve("classes").resolve("consumer").resolve("Consumer.class")).isRegularFile();
  }

  @Test
  void consumerModuleRequiresTheMicrometerBridgeAlone() throws IOException {
    // Micrometer's jars are automatic modules; requires transitive makes them readable.
    String modulePath = String.join(File.pathSeparator,
        PublishedModule.of(io.ziptrace.micrometer.ZiptraceMicrometer.class).location().toString(),
        PublishedModule.of(Tracer.class).location().toString(),
        PublishedModule.of(io.micrometer.tracing.Tracer.class).location().toString(),
        PublishedModule.of(io.micrometer.observation.Observation.class).location().toString(),
        PublishedModule.of(io.micrometer.common.KeyValue.class).location().toString(),
        PublishedModule.of(io.micrometer.context.ContextRegistry.class).location().toString(),
        PublishedModule.of(org.jspecify.annotations.Nullable.class).location().toString());

    List<Diagnostic<? extends JavaFileObject>> errors =
        compile(MICROMETER_MODULE_INFO, MICROMETER_CONSUMER, modulePath, dir.resolve("classes"));

    assertThat(errors).as("compile errors").isEmpty();
    assertThat(dir.resolve("classes").resolve("consumer").resolve("Consumer.class")).isRegularFile();
  }

  /** Compiles module {@code consumer} with {@code source} as its one class; returns the errors. */
  private List<Diagnostic<? extends JavaFileObject>> compile(String source, Path classes) throws IOException {
    return compile(MODULE_INFO, source, PublishedModule.of(Tracer.class).location().toString(), classes);
  }

  /**
   * Compiles module {@code consumer}, declared by {@code moduleInfoSource}, with {@code source} as its
   * one class against the modules on {@code modulePath}; returns the errors.
   */
  private List<Diagnostic<? extends JavaFileObject>> compile(String moduleInfoSource, String source, String modulePath,
      Path classes) throws IOException {
    Path sources = dir.resolve("src");
    Files.createDirectories(sources.resolve("consumer"));
    Path moduleInfo = Files.writeString(sources.resolve("module-info.java"), moduleInfoSource);
    Path consumer = Files.writeString(sources.resolve("consumer").resolve("Consumer.java"), source);
    Files.createDirectories(classes);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("the system Java compiler (tests need a JDK)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = new ArrayList<>(List.of(
          "--module-path", modulePath,
          "-d", classes.toString()));
      boolean compiled = javac.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjects(moduleInfo, consumer)).call();
      List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .collect(Collectors.toList());
      assertThat(compiled).as("javac's result agrees with its errors: %s", errors).isEqualTo(errors.isEmpty());
      return errors;
    }
  }

  /** A layer with the consumer and ziptrace-core as named modules, the core from its jar. */
  private static ModuleLayer layerWith(Path consumerClasses) {
    ModuleLayer boot = ModuleLayer.boot();
    ModuleFinder modules = ModuleFinder.of(consumerClasses, PublishedModule.of(Tracer.class).location());
    Configuration configuration = boot.configuration().resolve(modules, ModuleFinder.of(), Set.of("consumer"));
    return boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
  }
}
