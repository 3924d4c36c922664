/**
 * Micrometer Tracing over ziptrace: {@link io.ziptrace.micrometer.ZiptraceMicrometer} builds a
 * Micrometer {@code Tracer} and {@code Propagator} whose spans are ziptrace spans, so code
 * instrumented with Micrometer Observation or Micrometer Tracing reports to Zipkin through
 * ziptrace.
 *
 * <p>SLF4J (for {@link io.ziptrace.micrometer.MdcScopeDecorator}) and micrometer-core (for {@link
 * io.ziptrace.micrometer.ZiptraceReporterMetrics}) are optional: only those classes need them.
 */
module io.ziptrace.micrometer {
  requires transitive io.ziptrace;
  // micrometer-tracing (and micrometer-observation, micrometer-commons) have no module descriptor;
  // their jars name their automatic modules.
  requires transitive micrometer.tracing;
  requires static org.slf4j;
  requires static micrometer.core;

  exports io.ziptrace.micrometer;
}
