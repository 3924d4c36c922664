package io.ziptrace.http.jdk;

import io.ziptrace.Endpoint;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import java.util.function.Consumer;

/**
 * The SERVER span as handlers see it through {@link TracingFilter#span}: the span itself, except
 * that an error the handler records is also kept for the end of the response, so that the
 * response parser records that error rather than replacing it with the status code.
 */
final class RequestSpan implements Span {
  private final Span span;
  private final Consumer<Throwable> errorSink;

  RequestSpan(Span span, Consumer<Throwable> errorSink) {
    this.span = span;
    this.errorSink = errorSink;
  }

  @Override
  public Span error(Throwable error) {
    if (error != null) errorSink.accept(error);
    span.error(error);
    return this;
  }

  @Override
  public TraceContext context() {
    return span.context();
  }

  @Override
  public boolean isNoop() {
    return span.isNoop();
  }

  @Override
  public Span name(String name) {
    span.name(name);
    return this;
  }

  @Override
  public Span kind(Kind kind) {
    span.kind(kind);
    return this;
  }

  @Override
  public Span tag(String key, String value) {
    span.tag(key, value);
    return this;
  }

  @Override
  public Span annotate(String value) {
    span.annotate(value);
    return this;
  }

  @Override
  public Span annotate(long epochMicros, String value) {
    span.annotate(epochMicros, value);
    return this;
  }

  @Override
  public Span remoteEndpoint(Endpoint endpoint) {
    span.remoteEndpoint(endpoint);
    return this;
  }

  @Override
  public Span start() {
    span.start();
    return this;
  }

  @Override
  public Span start(long epochMicros) {
    span.start(epochMicros);
    return this;
  }

  @Override
  public void finish() {
    span.finish();
  }

  @Override
  public void finish(long epochMicros) {
    span.finish(epochMicros);
  }

  @Override
  public void abandon() {
    span.abandon();
  }

  @Override
  public Span newChild(String name) {
    return span.newChild(name);
  }

  @Override
  public String toString() {
    return span.toString();
  }
}
