package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.testing.InMemoryReporter;
import io.ziptrace.sampling.Sampler;
import org.junit.jupiter.api.Test;

class NoopSpanTest {
  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().sampler(Sampler.NEVER).reporter(reporter).build();

  @Test
  void recordsNothingButKeepsTheContext() {
    Span span = tracer.newTrace();
    span.name("x").kind(Kind.SERVER).tag("k", "v").annotate("a").error(new RuntimeException()).start();
    span.finish();
    span.finish();

    assertThat(span.isNoop()).isTrue();
    assertThat(span.context().traceId()).isNotZero();
    assertThat(reporter.spans()).isEmpty();
    assertThat(tracer.ignoredMisuseCount()).isZero();
  }

  @Test
  void childrenStayInTheTraceAndUnsampled() {
    Span root = tracer.newTrace();

    Span child = root.newChild("child");

    assertThat(child.isNoop()).isTrue();
    assertThat(child.context().traceId()).isEqualTo(root.context().traceId());
    assertThat(child.context().parentId()).isEqualTo(root.context().spanId());
    assertThat(child.context().sampled()).isFalse();
  }
}
