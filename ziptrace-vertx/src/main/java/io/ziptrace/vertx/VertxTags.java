package io.ziptrace.vertx;

import io.vertx.core.spi.tracing.TagExtractor;

/**
 * What Vert.x says about a request through its tag extractor (OpenTelemetry names such as {@code
 * http.request.method}, {@code url.path}, {@code messaging.destination.name}): the one
 * description of a request that every Vert.x version and protocol gives the tracer.
 */
final class VertxTags {
  private static final VertxTags EMPTY = new VertxTags(new String[0]);

  private final String[] namesAndValues;

  private VertxTags(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  static <R> VertxTags of(R request, TagExtractor<R> extractor) {
    if (request == null || extractor == null) return EMPTY;
    int length = extractor.len(request);
    String[] namesAndValues = new String[2 * length];
    for (int i = 0; i < length; i++) {
      namesAndValues[2 * i] = extractor.name(request, i);
      namesAndValues[2 * i + 1] = extractor.value(request, i);
    }
    return new VertxTags(namesAndValues);
  }

  /** The value of tag {@code name}, or null. */
  String get(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (name.equals(namesAndValues[i])) return namesAndValues[i + 1];
    }
    return null;
  }
}
