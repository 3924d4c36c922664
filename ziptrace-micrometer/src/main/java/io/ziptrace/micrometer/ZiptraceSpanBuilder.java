package io.ziptrace.micrometer;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.ziptrace.IncomingContext;
import io.ziptrace.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Collects a span's settings and applies them at {@link #start()}. The parent is, in this order:
 * the context extracted by the propagator that created this builder; the one given to {@link
 * #setParent}; none after {@link #setNoParent()} (a new trace); else the current span.
 *
 * <p>Unlike Brave's bridge, {@code setNoParent()} is honoured. An extracted context is joined
 * (the span shares the caller's span id) when the ziptrace tracer supports joining, and is the
 * parent otherwise, as with Brave; a request that carried no trace at all gets a child of the
 * current span, or a new trace when there is none.
 */
final class ZiptraceSpanBuilder implements Span.Builder {
  private final ZiptraceTracer tracer;
  private final IncomingContext incoming;
  private io.ziptrace.TraceContext parent;
  private boolean noParent;
  private String name;
  private List<String> events;
  private Map<String, String> tags;
  private Throwable error;
  private Kind kind;
  private String remoteServiceName;
  private String remoteIp;
  private int remotePort;
  private long startMicros;
  private int links;

  ZiptraceSpanBuilder(ZiptraceTracer tracer, IncomingContext incoming) {
    this.tracer = tracer;
    this.incoming = incoming;
  }

  @Override
  public Span.Builder setParent(TraceContext context) {
    ZiptraceTraceContext view = ZiptraceTraceContext.of(context);
    parent = view == null ? null : view.delegate;
    noParent = false;
    return this;
  }

  @Override
  public Span.Builder setNoParent() {
    parent = null;
    noParent = true;
    return this;
  }

  @Override
  public Span.Builder name(String name) {
    this.name = name;
    return this;
  }

  @Override
  public Span.Builder event(String value) {
    if (value == null) return this;
    if (events == null) events = new ArrayList<>(2);
    events.add(value);
    return this;
  }

  @Override
  public Span.Builder tag(String key, String value) {
    if (key != null && value != null) tags().put(key, value);
    return this;
  }

  private Map<String, String> tags() {
    if (tags == null) tags = new LinkedHashMap<>();
    return tags;
  }

  @Override
  public Span.Builder error(Throwable throwable) {
    this.error = throwable;
    return this;
  }

  @Override
  public Span.Builder kind(Span.Kind spanKind) {
    this.kind = spanKind == null ? null : Kind.valueOf(spanKind.name());
    return this;
  }

  @Override
  public Span.Builder remoteServiceName(String remoteServiceName) {
    this.remoteServiceName = remoteServiceName;
    return this;
  }

  @Override
  public Span.Builder remoteIpAndPort(String ip, int port) {
    this.remoteIp = ip;
    this.remotePort = port;
    return this;
  }

  @Override
  public Span.Builder startTimestamp(long startTimestamp, TimeUnit unit) {
    this.startMicros = unit == null ? 0L : unit.toMicros(startTimestamp);
    return this;
  }

  /** Adds {@code link} as {@code links[n].*} tags, since Zipkin has no links. */
  @Override
  public Span.Builder addLink(Link link) {
    if (link != null && link.getTraceContext() != null) SpanLinks.write(link, links++, tags());
    return this;
  }

  @Override
  public Span start() {
    ZiptraceSpan span = ZiptraceSpan.of(newSpan());
    io.ziptrace.Span core = span.context.state.span;
    if (name != null) core.name(name);
    if (kind != null) core.kind(kind);
    if (remoteServiceName != null) span.remoteServiceName(remoteServiceName);
    if (remoteIp != null || remotePort > 0) span.remoteIpAndPort(remoteIp, remotePort);
    if (tags != null) tags.forEach(core::tag);
    if (startMicros > 0L) {
      core.start(startMicros);
    } else {
      core.start();
    }
    if (events != null) events.forEach(core::annotate);
    if (error != null) span.error(error);
    return span;
  }

  private io.ziptrace.Span newSpan() {
    io.ziptrace.Tracer core = tracer.core;
    if (incoming != null && !incoming.isEmpty()) return core.nextSpan(incoming);
    if (parent != null) return core.newChild(tracer.withCurrentBaggage(parent));
    if (noParent) return core.newTrace();
    ZiptraceTraceContext current = tracer.currentTraceContext().context();
    if (current != null) return core.newChild(current.delegate);
    return incoming != null ? core.nextSpan(incoming) : core.newTrace();
  }
}
