package io.ziptrace.http.jdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The exchange the filter hands down the chain: the server's own exchange, plus the request's
 * {@link ServerResponse}, told when the response is complete — the body closed, the exchange
 * closed, or headers sent for a response that has no body.
 */
final class TracedExchange extends HttpExchange implements TracedRequest {
  private final HttpExchange delegate;
  private final ServerResponse response;
  private CompletingOutputStream body; // the wrapper of the delegate's current body stream

  TracedExchange(HttpExchange delegate, ServerResponse response) {
    this.delegate = delegate;
    this.response = response;
  }

  @Override
  public ServerResponse response() {
    return response;
  }

  @Override
  public synchronized OutputStream getResponseBody() {
    OutputStream current = delegate.getResponseBody();
    if (body == null || body.wrapped() != current) body = new CompletingOutputStream(current, response);
    return body;
  }

  @Override
  public void sendResponseHeaders(int code, long responseLength) throws IOException {
    delegate.sendResponseHeaders(code, responseLength);
    if (hasNoBody(code, responseLength)) response.responseComplete();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      response.responseComplete();
    }
  }

  /** Whether the server ends the response with its headers: no body stream will be closed. */
  private boolean hasNoBody(int code, long responseLength) {
    return responseLength == -1
        || code == 204
        || code == 304
        || (code >= 100 && code < 200)
        || "HEAD".equalsIgnoreCase(delegate.getRequestMethod());
  }

  @Override
  public Headers getRequestHeaders() {
    return delegate.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return delegate.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return delegate.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return delegate.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return delegate.getHttpContext();
  }

  @Override
  public InputStream getRequestBody() {
    return delegate.getRequestBody();
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return delegate.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return delegate.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return delegate.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return delegate.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return delegate.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    delegate.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream in, OutputStream out) {
    delegate.setStreams(in, out);
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return delegate.getPrincipal();
  }
}
