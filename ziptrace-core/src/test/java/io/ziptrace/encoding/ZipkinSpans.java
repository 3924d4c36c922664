package io.ziptrace.encoding;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;

/** Converts our spans to the official zipkin2 model, to compare with what zipkin2 decodes. */
final class ZipkinSpans {
  private ZipkinSpans() {}

  static zipkin2.Span toZipkin(FinishedSpan span) {
    TraceContext context = span.context();
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder()
        .traceId(context.traceIdString())
        .id(context.spanIdString())
        .parentId(context.parentIdString())
        .name(span.name())
        .debug(context.debug() ? true : null)
        .shared(context.shared() ? true : null);
    if (span.kind() != null) b.kind(zipkin2.Span.Kind.valueOf(span.kind().name()));
    if (span.timestamp() > 0) b.timestamp(span.timestamp());
    if (span.duration() > 0) b.duration(span.duration());
    b.localEndpoint(toZipkin(span.localEndpoint()));
    b.remoteEndpoint(toZipkin(span.remoteEndpoint()));
    for (int i = 0; i < span.annotationCount(); i++) b.addAnnotation(span.annotationTimestamp(i), span.annotationValue(i));
    for (int i = 0; i < span.tagCount(); i++) b.putTag(span.tagKey(i), span.tagValue(i));
    return b.build();
  }

  static zipkin2.Endpoint toZipkin(Endpoint endpoint) {
    if (endpoint == null || endpoint.isEmpty()) return null;
    zipkin2.Endpoint.Builder b = zipkin2.Endpoint.newBuilder().serviceName(endpoint.serviceName()).port(endpoint.port());
    if (endpoint.ipv4() != null) b.parseIp(endpoint.ipv4());
    if (endpoint.ipv6() != null) b.parseIp(endpoint.ipv6());
    return b.build();
  }
}
