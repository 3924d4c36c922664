package io.ziptrace;

/** Tag keys with a meaning that Zipkin's UI and other tools recognise. */
public final class Tags {
  /** Marks a failed span; the value is the error message (Zipkin shows such spans in red). */
  public static final String ERROR = "error";
  /** The HTTP request method, e.g. {@code GET}. */
  public static final String HTTP_METHOD = "http.method";
  /** The HTTP request path, without the query string. */
  public static final String HTTP_PATH = "http.path";
  /** The route template that matched the request, e.g. {@code /users/{id}}. */
  public static final String HTTP_ROUTE = "http.route";
  /** The HTTP response status code, e.g. {@code 503}. */
  public static final String HTTP_STATUS_CODE = "http.status_code";
  /** The full request URL. */
  public static final String HTTP_URL = "http.url";

  private Tags() {}
}
