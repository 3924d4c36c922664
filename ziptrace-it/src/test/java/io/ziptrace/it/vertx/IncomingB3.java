package io.ziptrace.it.vertx;

import io.vertx.ext.web.client.HttpRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The B3 trace context a test sends with a request ({@code X-B3-TraceId}, {@code X-B3-SpanId},
 * sampled), so that it knows the trace to look up in Zipkin.
 */
record IncomingB3(String traceId, String spanId) {
  /** {@code count} contexts with distinct, random trace ids. */
  static List<IncomingB3> distinct(int count, Random random) {
    Set<String> traceIds = new HashSet<>();
    while (traceIds.size() < count) traceIds.add(nonZeroHex(random));
    return traceIds.stream().map(traceId -> new IncomingB3(traceId, nonZeroHex(random))).collect(Collectors.toList());
  }

  /** One context with a random trace id. */
  static IncomingB3 random() {
    return distinct(1, new Random()).get(0);
  }

  /** Adds the headers to {@code request}. */
  <T> HttpRequest<T> on(HttpRequest<T> request) {
    return request.putHeader("X-B3-TraceId", traceId).putHeader("X-B3-SpanId", spanId).putHeader("X-B3-Sampled", "1");
  }

  private static String nonZeroHex(Random random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return String.format(Locale.ROOT, "%016x", id);
  }
}
