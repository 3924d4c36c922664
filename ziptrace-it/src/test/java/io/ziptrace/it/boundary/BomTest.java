package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * ziptrace-bom lists every published module and nothing else, at the project's version, and
 * manages no third-party version: an application importing it gets our modules' versions only.
 */
class BomTest {
  /** Modules of the build that are not published for applications to depend on. */
  static final Set<String> NOT_PUBLISHED = Set.of("ziptrace-bom", "ziptrace-examples", "ziptrace-examples-spring", "ziptrace-it", "ziptrace-benchmarks",
      "ziptrace-benchmarks-spring", "ziptrace-cassandra-server", "ziptrace-test-servers");
  static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  static final Pattern MANAGED = Pattern.compile(
      "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

  final Path root = Path.of(System.getProperty("ziptrace.root.dir", ".."));

  @Test
  void theBomManagesEveryPublishedModuleAtTheProjectVersion_andNothingElse() throws Exception {
    Set<String> published = matches(MODULE, Files.readString(root.resolve("pom.xml"))).stream()
        .map(groups -> groups.get(0)).filter(module -> !NOT_PUBLISHED.contains(module)).collect(Collectors.toSet());
    List<List<String>> managed = matches(MANAGED, Files.readString(root.resolve("ziptrace-bom/pom.xml")));

    assertThat(published).isNotEmpty();
    assertThat(managed).allSatisfy(dependency -> {
      assertThat(dependency.get(0)).isEqualTo("io.ziptrace");
      assertThat(dependency.get(2)).isEqualTo("${project.version}");
    });
    assertThat(managed.stream().map(dependency -> dependency.get(1))).containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void theBomHasNoParent_soNoThirdPartyVersionComesWithIt() throws Exception {
    String bom = Files.readString(root.resolve("ziptrace-bom/pom.xml"));

    assertThat(bom).doesNotContain("<parent>").doesNotContain("<scope>import</scope>");
  }

  private static List<List<String>> matches(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    List<List<String>> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      List<String> groups = new java.util.ArrayList<>();
      for (int i = 1; i <= matcher.groupCount(); i++) groups.add(matcher.group(i));
      found.add(groups);
    }
    return found;
  }
}
