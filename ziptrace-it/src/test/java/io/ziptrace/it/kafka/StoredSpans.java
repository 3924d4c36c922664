package io.ziptrace.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.FinishedSpan;
import io.ziptrace.it.ZipkinServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/** Compares what Zipkin stored with what was reported. */
final class StoredSpans {
  private StoredSpans() {}

  /** {@code traceId/spanId} of a reported span: one key per span of a trace. */
  static String key(FinishedSpan span) {
    return span.context().traceIdString() + "/" + span.context().spanIdString();
  }

  static String key(zipkin2.Span span) {
    return span.traceId() + "/" + span.id();
  }

  static Set<String> keys(List<FinishedSpan> reported) {
    return reported.stream().map(StoredSpans::key).collect(Collectors.toSet());
  }

  static Set<String> traceIds(List<FinishedSpan> reported) {
    return reported.stream().map(s -> s.context().traceIdString()).collect(Collectors.toSet());
  }

  /** What Zipkin stores now of these traces, by span key, asked 100 traces at a time. */
  static Map<String, zipkin2.Span> stored(ZipkinServer zipkin, Set<String> traceIds) {
    Map<String, zipkin2.Span> stored = new HashMap<>();
    List<String> ids = new ArrayList<>(traceIds);
    for (int from = 0; from < ids.size(); from += 100) {
      for (zipkin2.Span span : zipkin.traceMany(ids.subList(from, Math.min(ids.size(), from + 100)))) {
        stored.put(key(span), span);
      }
    }
    return stored;
  }

  /**
   * Waits until Zipkin has every reported span, then checks each field by field; returns the
   * stored spans by key.
   */
  static Map<String, zipkin2.Span> assertStoredWhole(ZipkinServer zipkin, List<FinishedSpan> reported) {
    Set<String> traceIds = traceIds(reported);
    Map<String, Long> spansPerTrace = reported.stream()
        .collect(Collectors.groupingBy(s -> s.context().traceIdString(), Collectors.counting()));
    int fewest = spansPerTrace.values().stream().mapToInt(Long::intValue).min().orElse(0);
    zipkin.awaitTraces(traceIds, fewest);
    Map<String, zipkin2.Span> stored = stored(zipkin, traceIds);
    Set<String> missing = new HashSet<>(keys(reported));
    missing.removeAll(stored.keySet());
    assertThat(missing).as("reported spans Zipkin does not have").isEmpty();
    assertThat(stored).as("spans Zipkin has").hasSameSizeAs(reported);
    SoftAssertions softly = new SoftAssertions();
    for (FinishedSpan span : reported) assertSame(softly, span, stored.get(key(span)));
    softly.assertAll();
    return stored;
  }

  private static void assertSame(SoftAssertions softly, FinishedSpan reported, zipkin2.Span stored) {
    String what = key(reported);
    softly.assertThat(stored.parentId()).as(what + " parent").isEqualTo(reported.context().parentIdString());
    softly.assertThat(stored.name()).as(what + " name").isEqualTo(reported.name().toLowerCase(java.util.Locale.ROOT));
    softly.assertThat(stored.kind() == null ? null : stored.kind().name()).as(what + " kind")
        .isEqualTo(reported.kind() == null ? null : reported.kind().name());
    softly.assertThat(stored.tags()).as(what + " tags").isEqualTo(reported.tags());
    softly.assertThat(stored.timestampAsLong()).as(what + " timestamp").isEqualTo(reported.timestamp());
    softly.assertThat(stored.durationAsLong()).as(what + " duration").isEqualTo(reported.duration());
    softly.assertThat(stored.localServiceName()).as(what + " service")
        .isEqualTo(reported.localEndpoint().serviceName().toLowerCase(java.util.Locale.ROOT));
    softly.assertThat(stored.localEndpoint().ipv4()).as(what + " ipv4").isEqualTo(reported.localEndpoint().ipv4());
  }
}
