package io.ziptrace.it.boundary;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes generic types as source would, e.g. {@code java.util.List<? extends java.lang.Number>}.
 * Our own rendering rather than {@code Type.toString()}, whose form is not specified and could
 * differ between JDKs.
 */
final class TypeNames {
  private TypeNames() {}

  static String of(Type type) {
    if (type instanceof Class<?>) {
      Class<?> c = (Class<?>) type;
      if (c.isArray()) return of(c.getComponentType()) + "[]";
      return c.getCanonicalName() != null ? c.getCanonicalName() : c.getName();
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      return of(p.getRawType()) + "<" + list(p.getActualTypeArguments()) + ">";
    }
    if (type instanceof GenericArrayType) {
      return of(((GenericArrayType) type).getGenericComponentType()) + "[]";
    }
    if (type instanceof TypeVariable<?>) {
      return ((TypeVariable<?>) type).getName();
    }
    if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      if (w.getLowerBounds().length > 0) return "? super " + of(w.getLowerBounds()[0]);
      Type upper = w.getUpperBounds()[0];
      return upper == Object.class ? "?" : "? extends " + of(upper);
    }
    throw new IllegalArgumentException("unknown kind of type: " + type.getClass());
  }

  /** Types separated by commas. */
  static String list(Type[] types) {
    return Arrays.stream(types).map(TypeNames::of).collect(Collectors.joining(", "));
  }

  /** A declaration's type parameters with their bounds and a trailing space, or nothing. */
  static String parameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) return "";
    return Arrays.stream(variables).map(TypeNames::declaration).collect(Collectors.joining(", ", "<", "> "));
  }

  private static String declaration(TypeVariable<?> variable) {
    Type[] bounds = variable.getBounds();
    if (bounds.length == 1 && bounds[0] == Object.class) return variable.getName();
    return variable.getName() + " extends "
        + Arrays.stream(bounds).map(TypeNames::of).collect(Collectors.joining(" & "));
  }
}
