package io.ziptrace.micrometer;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.ziptrace.Endpoint;
import io.ziptrace.Tags;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Micrometer's view of a ziptrace {@link io.ziptrace.FinishedSpan}, for span filters, exporting
 * predicates and span reporters. ziptrace's finished spans are immutable: each setter replaces the
 * span behind this view with an edited copy, which is what the ziptrace reporter then receives.
 * {@link #getTags()} is a read-only map: change tags with {@link #setTags}. Event times are epoch
 * microseconds, as with Brave's bridge.
 */
final class ZiptraceFinishedSpan implements FinishedSpan {
  private io.ziptrace.FinishedSpan span;
  private Throwable error;

  ZiptraceFinishedSpan(io.ziptrace.FinishedSpan span, Throwable error) {
    this.span = span;
    this.error = error;
  }

  /** The ziptrace span with every change made through this view. */
  io.ziptrace.FinishedSpan toZiptrace() {
    return span;
  }

  @Override
  public FinishedSpan setName(String name) {
    span = copy(true, true).name(name).build();
    return this;
  }

  @Override
  public String getName() {
    return span.name();
  }

  @Override
  public Instant getStartTimestamp() {
    return Instant.EPOCH.plus(span.timestamp(), ChronoUnit.MICROS);
  }

  @Override
  public Instant getEndTimestamp() {
    return Instant.EPOCH.plus(span.timestamp() + span.duration(), ChronoUnit.MICROS);
  }

  @Override
  public FinishedSpan setTags(Map<String, String> tags) {
    io.ziptrace.FinishedSpan.Builder b = copy(false, true);
    if (tags != null) tags.forEach(b::putTag);
    span = b.build();
    return this;
  }

  @Override
  public Map<String, String> getTags() {
    return Collections.unmodifiableMap(span.tags());
  }

  @Override
  public FinishedSpan setEvents(Collection<Map.Entry<Long, String>> events) {
    io.ziptrace.FinishedSpan.Builder b = copy(true, false);
    if (events != null) {
      for (Map.Entry<Long, String> event : events) {
        if (event != null && event.getKey() != null) b.addAnnotation(event.getKey(), event.getValue());
      }
    }
    span = b.build();
    return this;
  }

  @Override
  public Collection<Map.Entry<Long, String>> getEvents() {
    List<Map.Entry<Long, String>> events = new ArrayList<>(span.annotationCount());
    for (int i = 0; i < span.annotationCount(); i++) {
      events.add(Map.entry(span.annotationTimestamp(i), span.annotationValue(i)));
    }
    return events;
  }

  @Override
  public String getSpanId() {
    return span.context().spanIdString();
  }

  @Override
  public String getParentId() {
    return span.context().parentIdString();
  }

  @Override
  public String getTraceId() {
    return span.context().traceIdString();
  }

  @Override
  public String getRemoteIp() {
    return ip(span.remoteEndpoint());
  }

  @Override
  public String getLocalIp() {
    return ip(span.localEndpoint());
  }

  /** Sets the local IP literal; anything else is ignored. */
  @Override
  public FinishedSpan setLocalIp(String ip) {
    Endpoint.Builder b = builder(span.localEndpoint());
    if (b.parseIp(ip)) span = copy(true, true).localEndpoint(b.build()).build();
    return this;
  }

  /** The remote port, or 0 when none was recorded. */
  @Override
  public int getRemotePort() {
    Endpoint remote = span.remoteEndpoint();
    return remote == null ? 0 : remote.port();
  }

  /** Sets the remote port; one outside 0..65535 is ignored. */
  @Override
  public FinishedSpan setRemotePort(int port) {
    if (port < 0 || port > 0xffff) return this;
    span = copy(true, true).remoteEndpoint(builder(span.remoteEndpoint()).port(port).build()).build();
    return this;
  }

  /**
   * The exception the span was ended with through this bridge; null when there was none, or when
   * only an {@code error} tag was recorded.
   */
  @Override
  public Throwable getError() {
    return error;
  }

  /** Keeps {@code error} and sets the {@code error} tag from it (its message, else its type). */
  @Override
  public FinishedSpan setError(Throwable error) {
    this.error = error;
    if (error == null) return this;
    String message = error.getMessage();
    span = copy(true, true).putTag(Tags.ERROR, message != null ? message : error.getClass().getSimpleName()).build();
    return this;
  }

  @Override
  public Span.Kind getKind() {
    return span.kind() == null ? null : Span.Kind.valueOf(span.kind().name());
  }

  @Override
  public String getRemoteServiceName() {
    Endpoint remote = span.remoteEndpoint();
    return remote == null ? null : remote.serviceName();
  }

  @Override
  public FinishedSpan setRemoteServiceName(String name) {
    span = copy(true, true).remoteEndpoint(builder(span.remoteEndpoint()).serviceName(name).build()).build();
    return this;
  }

  @Override
  public String getLocalServiceName() {
    Endpoint local = span.localEndpoint();
    return local == null ? null : local.serviceName();
  }

  @Override
  public FinishedSpan setLocalServiceName(String name) {
    span = copy(true, true).localEndpoint(builder(span.localEndpoint()).serviceName(name).build()).build();
    return this;
  }

  /** The links recorded as {@code links[n].*} tags. */
  @Override
  public List<Link> getLinks() {
    return SpanLinks.read(span.tags());
  }

  /** Appends {@code links} as {@code links[n].*} tags. */
  @Override
  public FinishedSpan addLinks(List<Link> links) {
    if (links == null || links.isEmpty()) return this;
    Map<String, String> tags = new LinkedHashMap<>(span.tags());
    int index = SpanLinks.count(tags);
    for (Link link : links) SpanLinks.write(link, index++, tags);
    return setTags(tags);
  }

  @Override
  public FinishedSpan addLink(Link link) {
    return link == null ? this : addLinks(List.of(link));
  }

  /** A builder with this span's fields, and its tags and annotations when asked. */
  private io.ziptrace.FinishedSpan.Builder copy(boolean tags, boolean annotations) {
    io.ziptrace.FinishedSpan.Builder b = io.ziptrace.FinishedSpan.builder(span.context())
        .name(span.name())
        .kind(span.kind())
        .timestamp(span.timestamp())
        .duration(span.duration())
        .localEndpoint(span.localEndpoint())
        .remoteEndpoint(span.remoteEndpoint());
    if (annotations) {
      for (int i = 0; i < span.annotationCount(); i++) b.addAnnotation(span.annotationTimestamp(i), span.annotationValue(i));
    }
    if (tags) {
      for (int i = 0; i < span.tagCount(); i++) b.putTag(span.tagKey(i), span.tagValue(i));
    }
    return b;
  }

  private static Endpoint.Builder builder(Endpoint endpoint) {
    return endpoint == null ? Endpoint.builder(null) : endpoint.toBuilder();
  }

  private static String ip(Endpoint endpoint) {
    if (endpoint == null) return null;
    return endpoint.ipv4() != null ? endpoint.ipv4() : endpoint.ipv6();
  }

  @Override
  public String toString() {
    return span.toString();
  }
}
