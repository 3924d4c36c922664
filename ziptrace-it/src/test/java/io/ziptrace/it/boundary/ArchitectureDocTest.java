package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Tracer;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's account of ziptrace-core against the compiled module: its package table
 * names every package and no other, each row's "depends on" column is what {@code jdeps} finds,
 * its layered list puts each package once and above everything it imports, and the sentence on
 * the qualified export of {@code io.ziptrace.internal} names exactly the modules it goes to. And
 * every type the page names exists: a class renamed or removed leaves the page behind no more.
 * For ziptrace-micrometer, what the page says the module requires and which of its types are
 * public is what its descriptor and classes say. A change to the packages that leaves the page
 * behind fails here.
 */
class ArchitectureDocTest {
  private static final String ROOT = "io.ziptrace";
  /** {@code | `io.ziptrace.x` | what it holds | what it depends on |} */
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(io\\.ziptrace[a-z.]*)` \\|.*\\| ([a-z., ]+) \\|$");
  /** {@code 3. `io.ziptrace.a`, `io.ziptrace.b`} */
  private static final Pattern LAYER = Pattern.compile("^(\\d+)\\. (.*)$");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  /** {@code `TypeName`}, {@code `TypeName.member`} or {@code `TypeName#member(...)`}: a type the page names. */
  private static final Pattern TYPE_NAME = Pattern.compile("^([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:[.#(].*)?$");
  /** Declarations in source: {@code class X}, {@code record X}... */
  private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record) ([A-Z]\\w*)");
  /** Types of the JDK and of the frameworks ziptrace works with that the page names. */
  private static final Set<String> OTHER_PROJECTS_TYPES = Set.of("ThreadLocal", "Throwable", "ServiceLoader",
      "ThreadFactory", "Propagator", "TracingProperties", "KafkaClusterTestKit");
  private static final Pattern INTERNAL_EXPORT = Pattern.compile("exports `io\\.ziptrace\\.internal` to (.*?) alone");
  /** {@code (module `io.ziptrace.micrometer`; requires core and Micrometer Tracing, optionally SLF4J and micrometer-core)} */
  private static final Pattern MICROMETER_REQUIRES =
      Pattern.compile("\\(module `io\\.ziptrace\\.micrometer`; requires (.*?), optionally (.*?)\\)");
  /** The words the page names ziptrace-micrometer's required modules by. */
  private static final Map<String, String> MODULE_WORDS = Map.of("core", "io.ziptrace",
      "Micrometer Tracing", "micrometer.tracing", "SLF4J", "org.slf4j", "micrometer-core", "micrometer.core");
  private static final Pattern MICROMETER_PUBLIC_TYPES =
      Pattern.compile("`ZiptraceMicrometer` is the entry point; besides it only (.*?) are public");

  final String page = read(Path.of(System.getProperty("ziptrace.root.dir", "..")).resolve("docs/architecture.md"));
  final ModuleDescriptor core = PublishedModule.of(Tracer.class).descriptor();

  @Test
  void thePackageTableNamesEveryPackageAndWhatItDependsOn() {
    Map<String, Set<String>> documented = documentedDependencies();
    Map<String, Set<String>> actual = PackageGraph.ofModule(PublishedModule.of(Tracer.class), ROOT).edges();

    assertThat(documented.keySet()).as("packages in the table").isEqualTo(new TreeSet<>(core.packages()));
    documented.forEach((pkg, dependsOn) -> assertThat(dependsOn).as("what %s depends on, in the table", pkg)
        .isEqualTo(actual.getOrDefault(pkg, Set.of())));
  }

  @Test
  void theLayeredListPutsEachPackageOnceAboveWhatItImports() {
    Map<String, Integer> layerOf = new TreeMap<>();
    for (String line : page.lines().toList()) {
      Matcher layer = LAYER.matcher(line);
      if (!layer.matches() || !layer.group(2).startsWith("`io.ziptrace")) continue;
      for (String pkg : codeSpans(layer.group(2))) {
        assertThat(layerOf.put(pkg, Integer.parseInt(layer.group(1)))).as("%s listed twice", pkg).isNull();
      }
    }
    Map<String, Set<String>> actual = PackageGraph.ofModule(PublishedModule.of(Tracer.class), ROOT).edges();

    assertThat(layerOf.keySet()).as("packages in the layered list").isEqualTo(new TreeSet<>(core.packages()));
    actual.forEach((pkg, imports) -> imports.forEach(imported -> assertThat(layerOf.get(imported))
        .as("%s imports %s, so it is listed below it", pkg, imported).isLessThan(layerOf.get(pkg))));
  }

  @Test
  void theQualifiedExportIsDescribedAsItIs() {
    Set<String> targets = core.exports().stream().filter(e -> e.source().equals(ROOT + ".internal"))
        .flatMap(e -> e.targets().stream()).collect(Collectors.toCollection(TreeSet::new));
    Matcher sentence = INTERNAL_EXPORT.matcher(page.replace('\n', ' '));

    assertThat(targets).isNotEmpty();
    assertThat(sentence.find()).as("architecture.md says where io.ziptrace.internal is exported").isTrue();
    assertThat(new TreeSet<>(codeSpans(sentence.group(1)))).isEqualTo(targets);
  }

  @Test
  void everyTypeThePageNamesExists() throws java.io.IOException {
    Set<String> declared = new TreeSet<>();
    try (var files = Files.walk(Path.of(System.getProperty("ziptrace.root.dir", "..")))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/")).toList()) {
        Matcher declaration = DECLARATION.matcher(read(file));
        while (declaration.find()) declared.add(declaration.group(1));
      }
    }
    declared.addAll(OTHER_PROJECTS_TYPES);

    Set<String> named = new TreeSet<>();
    for (String span : codeSpans(page)) {
      Matcher type = TYPE_NAME.matcher(span);
      if (type.matches()) named.add(type.group(1));
    }
    assertThat(named).as("types named in architecture.md").hasSizeGreaterThan(50);
    assertThat(named).as("types architecture.md names that no source declares (renamed or removed?)")
        .isSubsetOf(declared);
  }

  @Test
  void theMicrometerModuleRequiresWhatThePageSays() {
    Matcher sentence = MICROMETER_REQUIRES.matcher(page.replace('\n', ' '));
    assertThat(sentence.find()).as("architecture.md says what io.ziptrace.micrometer requires").isTrue();
    Set<Requires> requires = PublishedModule.of(ZiptraceMicrometer.class).descriptor().requires().stream()
        .filter(r -> !r.modifiers().contains(Requires.Modifier.MANDATED)).collect(Collectors.toSet());

    assertThat(moduleNames(sentence.group(1))).as("the modules it requires")
        .isEqualTo(names(requires, r -> !r.modifiers().contains(Requires.Modifier.STATIC)));
    assertThat(moduleNames(sentence.group(2))).as("the modules it requires optionally (static)")
        .isEqualTo(names(requires, r -> r.modifiers().contains(Requires.Modifier.STATIC)));
  }

  @Test
  void theMicrometerModulesPublicTypesAreThoseThePageNames() throws ClassNotFoundException {
    Matcher sentence = MICROMETER_PUBLIC_TYPES.matcher(page.replace('\n', ' '));
    assertThat(sentence.find()).as("architecture.md says which types of io.ziptrace.micrometer are public").isTrue();
    Set<String> named = new TreeSet<>(codeSpans(sentence.group(1)));
    named.add(ZiptraceMicrometer.class.getSimpleName());

    Set<String> publicTypes = new TreeSet<>();
    for (String file : PublishedModule.of(ZiptraceMicrometer.class).classFiles()) {
      String binaryName = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      if (binaryName.contains("$") || binaryName.endsWith("-info")) continue;
      Class<?> type = Class.forName(binaryName, false, ZiptraceMicrometer.class.getClassLoader());
      if (Modifier.isPublic(type.getModifiers())) publicTypes.add(type.getSimpleName());
    }
    assertThat(named).as("the public types of io.ziptrace.micrometer the page names").isEqualTo(publicTypes);
  }

  /** The module names for the page's words, e.g. "core and Micrometer Tracing". */
  private static Set<String> moduleNames(String words) {
    Set<String> names = new TreeSet<>();
    for (String word : words.split(",\\s*|\\s+and\\s+")) {
      assertThat(MODULE_WORDS).as("a module the page names").containsKey(word.trim());
      names.add(MODULE_WORDS.get(word.trim()));
    }
    return names;
  }

  private static Set<String> names(Set<Requires> requires, Predicate<Requires> which) {
    return requires.stream().filter(which).map(Requires::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The table's rows: each package with the packages its "depends on" column names. */
  private Map<String, Set<String>> documentedDependencies() {
    Map<String, Set<String>> rows = new TreeMap<>();
    for (String line : page.lines().toList()) {
      Matcher row = TABLE_ROW.matcher(line);
      if (!row.matches()) continue;
      Set<String> dependsOn = new TreeSet<>();
      for (String name : row.group(2).split(",\\s*")) {
        if (!name.equals("nothing")) dependsOn.add(name.equals("root") ? ROOT : ROOT + "." + name.trim());
      }
      assertThat(rows.put(row.group(1), dependsOn)).as("%s has two rows", row.group(1)).isNull();
    }
    return rows;
  }

  private static List<String> codeSpans(String text) {
    List<String> spans = new ArrayList<>();
    Matcher code = CODE.matcher(text);
    while (code.find()) spans.add(code.group(1));
    return spans;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
