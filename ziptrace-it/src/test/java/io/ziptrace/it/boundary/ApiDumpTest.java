package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.ziptrace.Tracer;
import io.ziptrace.http.jdk.TracingFilter;
import io.ziptrace.kafka.KafkaTracing;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import io.ziptrace.spring.boot.autoconfigure.ZiptraceTracingAutoConfiguration;
import io.ziptrace.vertx.VertxTracing;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public API of each published module must match its dump checked in at {@code
 * api/<artifactId>.api} in the repository root, so that every API change is seen in review.
 *
 * <p>When a change is intended, rewrite the dumps and commit them with the change:
 *
 * <pre>
 * mvn -B -o verify -pl ziptrace-it -am -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false -Dziptrace.api.update=true
 * </pre>
 *
 * <p>With {@code -Dziptrace.api.update=true} the test writes the dumps (creating missing files and
 * directories) instead of comparing. The directory is the system property {@code
 * ziptrace.api.dir}, set by this module's pom.
 */
class ApiDumpTest {
  private static final String UPDATE_PROPERTY = "ziptrace.api.update";

  @Test
  void coreApiMatchesItsDump() throws IOException {
    check("ziptrace-core", PublishedModule.of(Tracer.class));
  }

  @Test
  void jdkHttpApiMatchesItsDump() throws IOException {
    check("ziptrace-jdk-http", PublishedModule.of(TracingFilter.class));
  }

  @Test
  void vertxApiMatchesItsDump() throws IOException {
    check("ziptrace-vertx", PublishedModule.of(VertxTracing.class));
  }

  @Test
  void kafkaApiMatchesItsDump() throws IOException {
    check("ziptrace-kafka", PublishedModule.of(KafkaTracing.class));
  }

  @Test
  void kafkaTestingApiMatchesItsDump() throws IOException {
    check("ziptrace-kafka-testing", PublishedModule.of(LocalKafka.class));
  }

  @Test
  void micrometerApiMatchesItsDump() throws IOException {
    check("ziptrace-micrometer", PublishedModule.of(ZiptraceMicrometer.class));
  }

  @Test
  void springBootApiMatchesItsDump() throws IOException {
    check("ziptrace-spring-boot", PublishedModule.of(ZiptraceTracingAutoConfiguration.class));
  }

  @Test
  void springBootIsAnAutomaticModuleOfOnePackage() {
    ModuleDescriptor boot = PublishedModule.of(ZiptraceTracingAutoConfiguration.class).descriptor();

    // Named in its jar's manifest: Spring Boot applications run on the class path.
    assertThat(boot.name()).isEqualTo("io.ziptrace.spring.boot");
    assertThat(boot.isAutomatic()).isTrue();
    assertThat(boot.packages()).containsExactly("io.ziptrace.spring.boot.autoconfigure");
  }

  @Test
  void coreExportsEveryPackageButInternal() {
    ModuleDescriptor core = PublishedModule.of(Tracer.class).descriptor();
    Set<String> exported = core.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    Set<String> notExported = new TreeSet<>(core.packages());
    notExported.removeAll(exported);

    assertThat(core.name()).isEqualTo("io.ziptrace");
    assertThat(core.packages()).contains("io.ziptrace.internal");
    assertThat(notExported).containsExactly("io.ziptrace.internal");
    // ...except to ziptrace's own adapter modules, never to applications.
    assertThat(core.exports()).filteredOn(ModuleDescriptor.Exports::isQualified)
        .singleElement()
        .satisfies(e -> assertThat(e.source()).isEqualTo("io.ziptrace.internal"))
        .satisfies(e -> assertThat(e.targets()).containsExactlyInAnyOrder("io.ziptrace.http.jdk", "io.ziptrace.kafka", "io.ziptrace.vertx"));
    assertThat(core.opens()).isEmpty();
  }

  @Test
  void jdkHttpExportsOnlyItsAdapterPackage() {
    ModuleDescriptor jdkHttp = PublishedModule.of(TracingFilter.class).descriptor();

    assertThat(jdkHttp.name()).isEqualTo("io.ziptrace.http.jdk");
    assertThat(jdkHttp.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.ziptrace.http.jdk");
  }

  @Test
  void vertxExportsOnlyItsAdapterPackage() {
    ModuleDescriptor vertx = PublishedModule.of(VertxTracing.class).descriptor();

    assertThat(vertx.name()).isEqualTo("io.ziptrace.vertx");
    assertThat(vertx.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.ziptrace.vertx");
    assertThat(vertx.opens()).isEmpty();
  }

  @Test
  void kafkaExportsOnlyItsTracingAndSenderPackages() {
    ModuleDescriptor kafka = PublishedModule.of(KafkaTracing.class).descriptor();

    assertThat(kafka.name()).isEqualTo("io.ziptrace.kafka");
    assertThat(kafka.exports()).extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("io.ziptrace.kafka", "io.ziptrace.reporting.kafka");
    assertThat(kafka.opens()).isEmpty();
  }

  @Test
  void micrometerExportsOnlyItsBridgePackage() {
    ModuleDescriptor micrometer = PublishedModule.of(ZiptraceMicrometer.class).descriptor();

    assertThat(micrometer.name()).isEqualTo("io.ziptrace.micrometer");
    assertThat(micrometer.exports()).extracting(ModuleDescriptor.Exports::source)
        .containsExactly("io.ziptrace.micrometer");
    assertThat(micrometer.opens()).isEmpty();
  }

  @Test
  void kafkaTestingIsAnAutomaticModuleOfOnePackage() {
    ModuleDescriptor testing = PublishedModule.of(LocalKafka.class).descriptor();

    // Named in its jar's manifest: Kafka's broker jar has no valid module name to require.
    assertThat(testing.name()).isEqualTo("io.ziptrace.kafka.testing");
    assertThat(testing.isAutomatic()).isTrue();
    // An automatic module exports all its packages: there is only the one meant as API.
    assertThat(testing.packages()).containsExactly("io.ziptrace.kafka.testing");
  }

  private static void check(String artifactId, PublishedModule module) throws IOException {
    Path file = apiDir().resolve(artifactId + ".api");
    String actual = ApiDump.of(module);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    String howToAccept = "If the change is intended, rewrite the dump with -D" + UPDATE_PROPERTY
        + "=true (see ApiDumpTest's javadoc) and commit it.";
    if (!Files.exists(file)) {
      fail("No API dump at " + file + " for " + module.location() + ". " + howToAccept);
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    String diff = UnifiedDiff.of(file.toString(), expected, "compiled " + module.location().getFileName(), actual);
    if (!diff.isEmpty()) {
      fail("The public API of " + module.descriptor().name() + " differs from " + file + ":\n" + diff + howToAccept);
    }
  }

  private static Path apiDir() {
    String dir = System.getProperty("ziptrace.api.dir");
    return (dir != null ? Path.of(dir) : Path.of("..", "api")).toAbsolutePath().normalize();
  }
}
