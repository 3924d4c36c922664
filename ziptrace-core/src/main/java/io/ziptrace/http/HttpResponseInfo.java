package io.ziptrace.http;

/** What HTTP tracing records when a request ends: its status code, or the failure. */
public final class HttpResponseInfo {
  private final HttpRequestInfo request;
  private final int statusCode;
  private final Throwable error;

  private HttpResponseInfo(HttpRequestInfo request, int statusCode, Throwable error) {
    this.request = request;
    this.statusCode = statusCode;
    this.error = error;
  }

  /**
   * @param request the request this answers
   * @param statusCode the status code, or 0 (or any negative value) when none was sent
   * @param error what the handler or the client threw, or {@code null}
   */
  public static HttpResponseInfo of(HttpRequestInfo request, int statusCode, Throwable error) {
    return new HttpResponseInfo(request, Math.max(0, statusCode), error);
  }

  /** The request this answers. */
  public HttpRequestInfo request() {
    return request;
  }

  /** The status code, or 0 when none was sent. */
  public int statusCode() {
    return statusCode;
  }

  /** The failure, or {@code null}. */
  public Throwable error() {
    return error;
  }
}
