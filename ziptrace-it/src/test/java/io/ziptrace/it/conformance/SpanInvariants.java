package io.ziptrace.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Tags;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks the conformance list asks for after every test, whatever the test did. */
final class SpanInvariants {
  private SpanInvariants() {}

  /** No span reported twice, all timed, remote ones with a kind, errors only when expected. */
  static void check(List<FinishedSpan> spans, boolean errorExpected) {
    Set<String> seen = new HashSet<>();
    for (FinishedSpan span : spans) {
      String id = span.context().traceIdString() + "/" + span.context().spanIdString() + "/" + span.context().shared();
      assertThat(seen.add(id)).as("reported twice: %s", span).isTrue();
      assertThat(span.timestamp()).as("timestamp of %s", span).isPositive();
      assertThat(span.duration()).as("duration of %s", span).isPositive();
      if (span.remoteEndpoint() != null) assertThat(span.kind()).as("kind of remote %s", span).isNotNull();
      if (!errorExpected) assertThat(span.tag(Tags.ERROR)).as("error on %s", span).isNull();
    }
  }
}
