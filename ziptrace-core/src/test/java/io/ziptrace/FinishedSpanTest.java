package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinishedSpanTest {
  final TraceContext context = TraceContext.builder().traceId(1L).spanId(2L).sampled(true).build();

  @Test
  void builderChangesAfterBuildDoNotReachTheBuiltSpan() {
    FinishedSpan.Builder builder = FinishedSpan.builder(context).putTag("k", "before").addAnnotation(1L, "a");
    FinishedSpan first = builder.build();

    builder.putTag("k", "after").putTag("other", "x").addAnnotation(2L, "b");
    FinishedSpan second = builder.build();

    assertThat(first.tags()).containsExactly(java.util.Map.entry("k", "before"));
    assertThat(first.annotations()).containsExactly("a");
    assertThat(second.tags()).containsEntry("k", "after").containsEntry("other", "x");
    assertThat(second.annotations()).containsExactly("a", "b");
  }
}
