package io.ziptrace.it.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A published module as it was compiled: its jar (or classes directory), read through its
 * module descriptor. Tests reach the module through one of its classes, which they see on the
 * class path.
 */
final class PublishedModule {
  private final Path location;
  private final ModuleReference reference;

  private PublishedModule(Path location, ModuleReference reference) {
    this.location = location;
    this.reference = reference;
  }

  /** The module that {@code member} was loaded from. */
  static PublishedModule of(Class<?> member) {
    Path location;
    try {
      location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no file location for " + member, e);
    }
    List<ModuleReference> found = List.copyOf(ModuleFinder.of(location).findAll());
    if (found.size() != 1) {
      // A module named in its jar's manifest (Automatic-Module-Name) has no name in its classes
      // directory, which is what a build that stops before packaging puts on the class path.
      throw new IllegalStateException("expected one module at " + location + ", found " + found
          + (found.isEmpty() && location.toFile().isDirectory() ? " (a module without module-info needs its jar:"
              + " run the build to the package phase, e.g. mvn verify)" : ""));
    }
    return new PublishedModule(location, found.get(0));
  }

  /** The jar or directory the module's classes are in. */
  Path location() {
    return location;
  }

  /** The compiled {@code module-info}. */
  ModuleDescriptor descriptor() {
    return reference.descriptor();
  }

  /** The names of the module's class files, e.g. {@code io/ziptrace/Tracer.class}. */
  List<String> classFiles() {
    try (ModuleReader reader = reference.open()) {
      return reader.list().filter(name -> name.endsWith(".class")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
