package io.ziptrace.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import org.junit.jupiter.api.Test;

class SimpleExampleTest {
  @Test
  void recordsTheSlowQuery() throws Exception {
    InMemoryReporter reporter = new InMemoryReporter();
    Tracer tracer = Tracer.builder().localEndpoint(SimpleExample.endpoint()).reporter(reporter).build();

    TraceContext context = SimpleExample.traceSlowQuery(tracer);

    assertThat(reporter.spans()).singleElement().satisfies(span -> {
      assertThat(span.context()).isEqualTo(context);
      assertThat(span.name()).isEqualTo("Slow SQL");
      assertThat(span.kind()).isEqualTo(Kind.CLIENT);
      assertThat(span.tag("span_type")).isEqualTo("root");
      assertThat(span.annotations()).containsExactly("START SQL SELECT * FROM", "END SQL");
      assertThat(span.duration()).isGreaterThanOrEqualTo(100_000L);
      assertThat(span.localEndpoint().serviceName()).isEqualTo("simple_service");
      assertThat(span.annotationTimestamp(1) - span.annotationTimestamp(0)).isGreaterThanOrEqualTo(100_000L);
    });
  }
}
