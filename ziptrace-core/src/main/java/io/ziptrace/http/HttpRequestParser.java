package io.ziptrace.http;

import io.ziptrace.Span;
import io.ziptrace.Tags;

/** Names and tags a span from its request. Replace or extend it to change what is recorded. */
@FunctionalInterface
public interface HttpRequestParser {
  /**
   * Names the span {@code METHOD route}, or {@code METHOD} alone without a route (a concrete
   * path would give every URL its own name), and tags
   * {@code http.method}, {@code http.path} and, when known, {@code http.route}. Headers are
   * never recorded.
   */
  HttpRequestParser DEFAULT = (request, span) -> {
    String route = request.route();
    span.name(route != null ? request.method() + " " + route : request.method());
    span.tag(Tags.HTTP_METHOD, request.method());
    span.tag(Tags.HTTP_PATH, request.path());
    if (route != null) span.tag(Tags.HTTP_ROUTE, route);
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
