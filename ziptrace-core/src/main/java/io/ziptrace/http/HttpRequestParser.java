package io.ziptrace.http;

import io.ziptrace.Span;
import io.ziptrace.Tags;

/** Names and tags a span from its request. Replace or extend it to change what is recorded. */
@FunctionalInterface
public interface HttpRequestParser {
  /**
   * Names the span {@code METHOD} (a concrete path would give every URL its own name) and tags
   * {@code http.method} and {@code http.path}. The route, known for certain only once the
   * request is answered, is added by {@link HttpResponseParser#DEFAULT}. Headers are never
   * recorded.
   */
  HttpRequestParser DEFAULT = (request, span) -> {
    span.name(request.method());
    span.tag(Tags.HTTP_METHOD, request.method());
    span.tag(Tags.HTTP_PATH, request.path());
  };

  /** Records what {@code request} says on {@code span}. */
  void parse(HttpRequestInfo request, Span span);

  /** This parser followed by {@code next}, e.g. {@code DEFAULT.andThen(myTags)}. */
  default HttpRequestParser andThen(HttpRequestParser next) {
    return (request, span) -> {
      parse(request, span);
      next.parse(request, span);
    };
  }
}
