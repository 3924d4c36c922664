package io.ziptrace.http;

import io.ziptrace.Span;
import io.ziptrace.Tags;

/** Tags a span from how its request ended. Replace or extend it to change what is recorded. */
@FunctionalInterface
public interface HttpResponseParser {
  /**
   * When the request has a route, names the span {@code METHOD route} and tags {@code
   * http.route}: done here, at the end, because many frameworks know the route only after
   * routing. Tags {@code http.status_code}; records the exception as {@code error}, or without
   * one tags {@code error} with the status code of a 4xx or 5xx answer.
   */
  HttpResponseParser DEFAULT = (response, span) -> {
    HttpRequestInfo request = response.request();
    String route = request == null ? null : request.route();
    if (route != null) {
      span.name(request.method() + " " + route);
      span.tag(Tags.HTTP_ROUTE, route);
    }
    int status = response.statusCode();
    if (status > 0) span.tag(Tags.HTTP_STATUS_CODE, Integer.toString(status));
    if (response.error() != null) {
      span.error(response.error());
    } else if (status >= 400) {
      span.tag(Tags.ERROR, Integer.toString(status));
    }
  };

  /** Records how the request ended on {@code span}. */
  void parse(HttpResponseInfo response, Span span);

  /** This parser followed by {@code next}. */
  default HttpResponseParser andThen(HttpResponseParser next) {
    return (response, span) -> {
      parse(response, span);
      next.parse(response, span);
    };
  }
}
