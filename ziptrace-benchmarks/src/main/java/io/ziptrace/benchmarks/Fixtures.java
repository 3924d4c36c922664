package io.ziptrace.benchmarks;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import java.util.ArrayList;
import java.util.List;

/** The workload every contender gets: the same names, tags and annotation. */
final class Fixtures {
  static final String NAME = "get /api/users/{id}";
  static final String[][] TAGS = {{"http.method", "GET"}, {"http.path", "/api/users/42"}, {"http.status_code", "200"}};
  static final String ANNOTATION = "cache miss";
  static final Endpoint LOCAL = Endpoint.builder("frontend").ipv4("10.1.2.3").port(8080).build();

  private Fixtures() {}

  /** Starts and finishes one root span of the workload through ziptrace's tracer. */
  static void finishSpan(Tracer tracer) {
    Span span = tracer.newTrace().name(NAME).kind(Kind.SERVER).start();
    for (String[] tag : TAGS) span.tag(tag[0], tag[1]);
    span.annotate(ANNOTATION).finish();
  }

  /** Starts and finishes the same span through Brave's tracer. */
  static void finishSpan(brave.Tracer tracer) {
    brave.Span span = tracer.newTrace().name(NAME).kind(brave.Span.Kind.SERVER).start();
    for (String[] tag : TAGS) span.tag(tag[0], tag[1]);
    span.annotate(ANNOTATION).finish();
  }

  /** 100 typical spans: a server span with three tags and an annotation, local and remote endpoints. */
  static List<FinishedSpan> hundredSpans() {
    return spans(100, 0);
  }

  /** {@code count} spans as {@link #hundredSpans()}, their IDs offset by {@code idOffset}. */
  static List<FinishedSpan> spans(int count, long idOffset) {
    List<FinishedSpan> spans = new ArrayList<>();
    for (long i = idOffset + 1; i <= idOffset + count; i++) {
      FinishedSpan.Builder span = FinishedSpan.builder(
              TraceContext.builder().traceId(0x463ac35c9f6413adL + i).spanId(0x72485a3953bb6124L + i)
                  .parentId(0x463ac35c9f6413adL).sampled(true).build())
          .name(NAME).kind(Kind.SERVER).timestamp(1_700_000_000_000_000L + i).duration(1_234L + i)
          .localEndpoint(LOCAL)
          .remoteEndpoint(Endpoint.builder("backend").ipv4("10.1.2.4").port(9000).build())
          .addAnnotation(1_700_000_000_000_100L + i, ANNOTATION);
      for (String[] tag : TAGS) span.putTag(tag[0], tag[1]);
      spans.add(span.build());
    }
    return spans;
  }
}
