package io.ziptrace;

/**
 * The span of an unsampled trace: records nothing, but carries its context onward; its children
 * are unsampled too.
 */
final class NoopSpan implements Span {
  private final TraceContext context;

  NoopSpan(TraceContext context) {
    this.context = context;
  }

  @Override
  public TraceContext context() {
    return context;
  }

  @Override
  public boolean isNoop() {
    return true;
  }

  @Override
  public Span name(String name) {
    return this;
  }

  @Override
  public Span kind(Kind kind) {
    return this;
  }

  @Override
  public Span tag(String key, String value) {
    return this;
  }

  @Override
  public Span annotate(String value) {
    return this;
  }

  @Override
  public Span annotate(long epochMicros, String value) {
    return this;
  }

  @Override
  public Span remoteEndpoint(Endpoint endpoint) {
    return this;
  }

  @Override
  public Span error(Throwable error) {
    return this;
  }

  @Override
  public Span start() {
    return this;
  }

  @Override
  public Span start(long epochMicros) {
    return this;
  }

  @Override
  public void finish() {}

  @Override
  public void finish(long epochMicros) {}

  @Override
  public void abandon() {}

  @Override
  public Span newChild(String name) {
    return new NoopSpan(SpanIds.childOf(context).build());
  }

  @Override
  public String toString() {
    return "NoopSpan{" + context + "}";
  }
}
