package io.ziptrace.it.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import zipkin2.Span;

/**
 * A traced request as Zipkin stores it: the request's SERVER span and the CLIENT spans of the
 * calls its handler made, with the checks every such trace must pass.
 */
record RequestTrace(Span server, List<Span> clients, List<Span> all) {
  /** Splits {@code trace}, which must hold exactly one SERVER span. */
  static RequestTrace of(List<Span> trace) {
    Span server = trace.stream().filter(s -> s.kind() == Span.Kind.SERVER).reduce((a, b) -> {
      throw new AssertionError("two SERVER spans in " + trace);
    }).orElseThrow(() -> new AssertionError("no SERVER span in " + trace));
    return new RequestTrace(server, trace.stream().filter(s -> s.kind() == Span.Kind.CLIENT).toList(), trace);
  }

  /** Every call is a child of the request, started after it, and not an error. */
  void assertCallsAreChildrenOfTheRequest() {
    assertThat(clients).isNotEmpty().allSatisfy(call -> {
      assertThat(call.parentId()).isEqualTo(server.id());
      assertThat(call.timestampAsLong()).isGreaterThanOrEqualTo(server.timestampAsLong());
      assertThat(call.tags()).doesNotContainKey("error");
    });
  }

  /** No tag of any span contains any of {@code secrets}: data the application sent, never traced. */
  void assertNoTagContains(String... secrets) {
    assertThat(all).allSatisfy(span -> assertThat(span.tags().values())
        .noneMatch(value -> Arrays.stream(secrets).anyMatch(value::contains)));
  }
}
