package io.ziptrace.it.boundary;

import java.lang.annotation.Annotation;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a compiled module as text: its requires and exports (all its packages for an
 * automatic module), then every public or protected type of an exported package with its public
 * and protected fields, enum constants, constructors and methods, in generic form. Lines are
 * sorted, so the text only changes when the API does.
 *
 * <p>Only what is the same on every JDK goes in: no synthetic or bridge members, no parameter
 * names, annotations by type name only, and types rendered by {@link TypeNames}.
 */
final class ApiDump {
  private static final int METHOD_MODIFIERS =
      Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
  private static final int FIELD_MODIFIERS =
      Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.VOLATILE;

  private ApiDump() {}

  /** The dump of {@code module}, whose classes must be loadable by this class's loader. */
  static String of(PublishedModule module) {
    ModuleDescriptor descriptor = module.descriptor();
    StringBuilder out = new StringBuilder();
    out.append("# The public API of module ").append(descriptor.name())
        .append(", checked by ApiDumpTest. Accept a change with -Dziptrace.api.update=true\n");
    out.append("module ").append(descriptor.name()).append(descriptor.isAutomatic() ? " (automatic)" : "").append('\n');
    descriptor.requires().stream()
        .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.MANDATED))
        .map(r -> "  requires " + (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) ? "static " : "")
            + (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE) ? "transitive " : "") + r.name())
        .sorted()
        .forEach(line -> out.append(line).append('\n'));
    // An automatic module (no module-info, a name from its manifest) exports every package it has.
    Stream<String> exports = descriptor.isAutomatic()
        ? descriptor.packages().stream().map(p -> "  exports " + p)
        : descriptor.exports().stream()
            .map(e -> "  exports " + e.source() + (e.isQualified() ? " to " + new TreeSet<>(e.targets()) : ""));
    exports.sorted().forEach(line -> out.append(line).append('\n'));
    for (Class<?> type : apiTypes(module)) {
      out.append('\n').append(header(type)).append('\n');
      for (String member : members(type)) out.append("  ").append(member).append('\n');
    }
    return out.toString();
  }

  private static List<Class<?>> apiTypes(PublishedModule module) {
    ModuleDescriptor descriptor = module.descriptor();
    Set<String> exported = descriptor.isAutomatic() ? descriptor.packages() : descriptor.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
    List<Class<?>> types = new ArrayList<>();
    for (String file : module.classFiles()) {
      String binaryName = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      int lastDot = binaryName.lastIndexOf('.');
      if (lastDot < 0 || !exported.contains(binaryName.substring(0, lastDot))) continue;
      if (binaryName.endsWith(".package-info")) continue;
      Class<?> type = load(binaryName);
      if (!type.isSynthetic() && !type.isAnonymousClass() && !type.isLocalClass() && isReachable(type)) {
        types.add(type);
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    return types;
  }

  private static Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, false, ApiDump.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the module's class is not on the test class path: " + binaryName, e);
    }
  }

  /** Public or protected, and so is every class it is nested in. */
  private static boolean isReachable(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!isApi(c.getModifiers())) return false;
    }
    return true;
  }

  private static boolean isApi(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    int modifiers = type.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
        | Modifier.FINAL | Modifier.ABSTRACT);
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
    } else if (type.isInterface()) {
      kind = "interface";
    } else if (type.isEnum()) {
      kind = "enum";
    } else if (type.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    boolean isClass = kind.equals("class");
    if (!isClass) modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC); // implicit for these kinds
    StringBuilder line = new StringBuilder(annotations(type));
    line.append(words(modifiers)).append(kind).append(' ').append(TypeNames.of(type))
        .append(TypeNames.parameters(type.getTypeParameters()).stripTrailing());
    Type superclass = type.getGenericSuperclass();
    if (isClass && superclass != null && superclass != Object.class) {
      line.append(" extends ").append(TypeNames.of(superclass));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ").append(TypeNames.list(interfaces));
    }
    return line.toString();
  }

  /** A member's line, sorted by kind (constants, fields, constructors, methods), then name. */
  private record MemberLine(int kind, String name, String text) {
    static final Comparator<MemberLine> ORDER = Comparator.comparingInt(MemberLine::kind)
        .thenComparing(MemberLine::name)
        .thenComparing(MemberLine::text);
  }

  private static List<String> members(Class<?> type) {
    List<MemberLine> lines = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (field.isSynthetic() || !isApi(field.getModifiers())) continue;
      String name = field.getName();
      if (field.isEnumConstant()) {
        lines.add(new MemberLine(0, name, annotations(field) + "enum constant " + name));
      } else {
        String modifiers = words(field.getModifiers() & FIELD_MODIFIERS);
        lines.add(new MemberLine(1, name, annotations(field) + modifiers + TypeNames.of(field.getGenericType()) + " " + name));
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (constructor.isSynthetic() || !isApi(constructor.getModifiers())) continue;
      String modifiers = words(constructor.getModifiers() & METHOD_MODIFIERS);
      lines.add(new MemberLine(2, "", executable(constructor, modifiers, "", type.getSimpleName())));
    }
    for (Method method : type.getDeclaredMethods()) {
      if (method.isSynthetic() || method.isBridge() || !isApi(method.getModifiers())) continue;
      String modifiers = words(method.getModifiers() & METHOD_MODIFIERS) + (method.isDefault() ? "default " : "");
      String returns = TypeNames.of(method.getGenericReturnType()) + " ";
      lines.add(new MemberLine(3, method.getName(), executable(method, modifiers, returns, method.getName())));
    }
    return lines.stream().sorted(MemberLine.ORDER).map(MemberLine::text).collect(Collectors.toList());
  }

  private static String executable(Executable executable, String modifiers, String returns, String name) {
    List<String> parameters = Arrays.stream(executable.getGenericParameterTypes())
        .map(TypeNames::of)
        .collect(Collectors.toCollection(ArrayList::new));
    if (executable.isVarArgs()) {
      int last = parameters.size() - 1;
      parameters.set(last, parameters.get(last).replaceFirst("\\[]$", "..."));
    }
    StringBuilder line = new StringBuilder(annotations(executable))
        .append(modifiers)
        .append(TypeNames.parameters(executable.getTypeParameters()))
        .append(returns).append(name).append('(').append(String.join(", ", parameters)).append(')');
    Type[] exceptions = executable.getGenericExceptionTypes();
    if (exceptions.length > 0) line.append(" throws ").append(TypeNames.list(exceptions));
    return line.toString();
  }

  /** Runtime-visible annotations by type name only: their {@code toString()} differs by JDK. */
  private static String annotations(AnnotatedElement element) {
    return Arrays.stream(element.getDeclaredAnnotations())
        .map(Annotation::annotationType)
        .map(t -> "@" + TypeNames.of(t) + " ")
        .sorted()
        .collect(Collectors.joining());
  }

  private static String words(int modifiers) {
    String words = Modifier.toString(modifiers);
    return words.isEmpty() ? "" : words + " ";
  }
}
