package io.ziptrace.micrometer;

import io.micrometer.tracing.Span;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer's view of a ziptrace span. Every view of one span (the one returned when it was
 * created, and each {@code tracer.currentSpan()} while it is in scope) writes into the same
 * ziptrace span, and views are equal when their contexts' ids are.
 *
 * <p>A view of a context without a span (one built with {@code traceContextBuilder()} and put in
 * scope) is a no-op: {@link #isNoop()} is true and changes are ignored.
 */
final class ZiptraceSpan implements Span {
  final ZiptraceTraceContext context;
  private final SpanState state;

  ZiptraceSpan(ZiptraceTraceContext context) {
    this.context = context;
    this.state = context.state;
  }

  /** A view of a new ziptrace span. */
  static ZiptraceSpan of(io.ziptrace.Span span) {
    return new ZiptraceSpan(new ZiptraceTraceContext(span.context(), new SpanState(span)));
  }

  @Override
  public boolean isNoop() {
    return state == null || state.span.isNoop();
  }

  @Override
  public ZiptraceTraceContext context() {
    return context;
  }

  @Override
  public Span start() {
    if (state != null) state.span.start();
    return this;
  }

  @Override
  public Span name(String name) {
    if (state != null && name != null) state.span.name(name);
    return this;
  }

  @Override
  public Span event(String value) {
    if (state != null && value != null) state.span.annotate(value);
    return this;
  }

  @Override
  public Span event(String value, long time, TimeUnit timeUnit) {
    if (state != null && value != null && timeUnit != null) state.span.annotate(timeUnit.toMicros(time), value);
    return this;
  }

  @Override
  public Span tag(String key, String value) {
    if (state != null && key != null && value != null) state.span.tag(key, value);
    return this;
  }

  @Override
  public Span error(Throwable throwable) {
    if (state != null && throwable != null) state.error(throwable);
    return this;
  }

  @Override
  public void end() {
    if (state != null) PendingError.finish(state, 0L);
  }

  /** Ends at {@code time}; a time before 1970 plus a microsecond is taken as "now". */
  @Override
  public void end(long time, TimeUnit timeUnit) {
    if (state == null) return;
    long micros = timeUnit == null ? 0L : timeUnit.toMicros(time);
    PendingError.finish(state, micros > 0L ? micros : 0L);
  }

  @Override
  public void abandon() {
    if (state != null) state.span.abandon();
  }

  @Override
  public Span remoteServiceName(String remoteServiceName) {
    if (state != null) state.remoteServiceName(remoteServiceName);
    return this;
  }

  /** Records an IP literal and port; a host name is ignored, as is a port outside 1..65535. */
  @Override
  public Span remoteIpAndPort(String ip, int port) {
    if (state != null) state.remoteIpAndPort(ip, port);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ZiptraceSpan && context.equals(((ZiptraceSpan) o).context));
  }

  @Override
  public int hashCode() {
    return context.hashCode();
  }

  @Override
  public String toString() {
    return state == null ? "ZiptraceSpan{" + context + ", no span}" : state.span.toString();
  }
}
