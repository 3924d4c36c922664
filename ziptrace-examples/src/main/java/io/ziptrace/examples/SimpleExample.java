package io.ziptrace.examples;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;

/**
 * The simple example: one CLIENT span around a slow SQL query, with a tag and two annotations.
 * Run it with {@code main}; it prints what the tracer recorded.
 */
public final class SimpleExample {
  private SimpleExample() {}

  /** The endpoint of the example's service. */
  public static Endpoint endpoint() {
    return Endpoint.builder("simple_service").ipv4("127.0.0.1").port(8080).build();
  }

  /** Traces one slow query with {@code tracer} and returns the context of its span. */
  public static TraceContext traceSlowQuery(Tracer tracer) throws InterruptedException {
    try (Span span = tracer.newTrace(true).name("Slow SQL").kind(Kind.CLIENT).start()) {
      span.tag("span_type", "root");
      span.annotate("START SQL SELECT * FROM");
      try {
        Thread.sleep(100); // the slow query
      } catch (InterruptedException e) {
        span.error(e); // try-with-resources alone would finish the span without the error
        throw e;
      }
      span.annotate("END SQL");
      return span.context();
    }
  }

  /** Runs the example against an in-memory reporter and prints the recorded span. */
  public static void main(String[] args) throws InterruptedException {
    InMemoryReporter reporter = new InMemoryReporter();
    try (Tracer tracer = Tracer.builder().localEndpoint(endpoint()).reporter(reporter).build()) {
      TraceContext context = traceSlowQuery(tracer);
      System.out.println("trace: " + context.traceIdString());
    }
    for (FinishedSpan span : reporter.spans()) System.out.println(span);
  }
}
