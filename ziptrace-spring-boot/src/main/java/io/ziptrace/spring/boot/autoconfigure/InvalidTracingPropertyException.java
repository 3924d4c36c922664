package io.ziptrace.spring.boot.autoconfigure;

/** A {@code management.tracing.*} property whose value ziptrace cannot trace with. */
final class InvalidTracingPropertyException extends IllegalStateException {
  private final String property;
  private final String value;
  private final String expected;

  InvalidTracingPropertyException(String property, String value, String expected, Throwable cause) {
    super(property + " is " + value + ", but " + expected, cause);
    this.property = property;
    this.value = value;
    this.expected = expected;
  }

  /** The property's full name, e.g. {@code management.tracing.sampling.probability}. */
  String property() {
    return property;
  }

  /** The value the application gave it. */
  String value() {
    return value;
  }

  /** What a valid value looks like. */
  String expected() {
    return expected;
  }
}
