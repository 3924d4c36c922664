package io.ziptrace.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start that failed on a tracing property ziptrace cannot use (a sampling probability
 * outside 0..1, a baggage field name that is not an HTTP token), naming the property, its value
 * and what is expected, in place of a long stack trace. Registered in {@code
 * META-INF/spring.factories}; not for direct use.
 */
final class InvalidTracingPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTracingPropertyException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidTracingPropertyException cause) {
    return new FailureAnalysis("Tracing cannot start: " + cause.property() + " is " + cause.value() + ".",
        "Set " + cause.property() + " so that " + cause.expected() + ".", cause);
  }
}
