package io.ziptrace.vertx;

import io.vertx.core.spi.tracing.TagExtractor;

/**
 * What Vert.x says about a request through its tag extractor (OpenTelemetry names such as {@code
 * http.request.method}, {@code url.path}, {@code messaging.destination.name}): the one
 * description of a request that every Vert.x version and protocol gives the tracer. Values are
 * computed only when asked for: some, such as the absolute URI, cost a string to build.
 */
final class VertxTags {
  private static final VertxTags EMPTY = new VertxTags(null, null);

  private final Object request;
  private final TagExtractor<Object> extractor;

  private VertxTags(Object request, TagExtractor<Object> extractor) {
    this.request = request;
    this.extractor = extractor;
  }

  @SuppressWarnings("unchecked")
  static <R> VertxTags of(R request, TagExtractor<R> extractor) {
    if (request == null || extractor == null) return EMPTY;
    return new VertxTags(request, (TagExtractor<Object>) extractor);
  }

  /** The value of tag {@code name}, or null. */
  String get(String name) {
    if (extractor == null) return null;
    int length = extractor.len(request);
    for (int i = 0; i < length; i++) {
      if (name.equals(extractor.name(request, i))) return extractor.value(request, i);
    }
    return null;
  }
}
