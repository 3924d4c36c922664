package io.ziptrace.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start that failed because another Micrometer Tracing bridge is on the class path,
 * and which dependency to remove. Registered in {@code META-INF/spring.factories}; not for direct
 * use.
 */
final class ConflictingTracerFailureAnalyzer extends AbstractFailureAnalyzer<ConflictingTracerException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConflictingTracerException cause) {
    String artifacts = String.join(", ", cause.artifacts());
    return new FailureAnalysis(
        "Two tracers would trace this application: ziptrace (io.ziptrace:ziptrace-spring-boot) and " + artifacts + ".",
        "Remove " + artifacts + " from the application's dependencies (spring-boot-starter-zipkin and"
            + " spring-boot-starter-opentelemetry bring one), or remove io.ziptrace:ziptrace-spring-boot-starter.",
        cause);
  }
}
