package io.ziptrace.encoding;

import static io.ziptrace.internal.ProtoWriter.lengthDelimitedSize;
import static io.ziptrace.internal.ProtoWriter.varintSize;
import static io.ziptrace.internal.ProtoWriter.writeBigEndian;
import static io.ziptrace.internal.ProtoWriter.writeFixed64;
import static io.ziptrace.internal.ProtoWriter.writeLengthPrefix;
import static io.ziptrace.internal.ProtoWriter.writeString;
import static io.ziptrace.internal.ProtoWriter.writeVarintField;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.internal.Utf8;
import java.util.List;

/**
 * Zipkin proto3 ({@code zipkin.proto}). Each span is written as one {@code ListOfSpans.spans}
 * field (number 1), so concatenated spans are a valid {@code ListOfSpans}.
 */
final class Proto3SpanEncoder implements SpanEncoder {
  static final Proto3SpanEncoder INSTANCE = new Proto3SpanEncoder();

  // ListOfSpans
  private static final int SPANS = 1;
  // Span
  private static final int TRACE_ID = 1;
  private static final int PARENT_ID = 2;
  private static final int ID = 3;
  private static final int KIND = 4;
  private static final int NAME = 5;
  private static final int TIMESTAMP = 6;
  private static final int DURATION = 7;
  private static final int LOCAL_ENDPOINT = 8;
  private static final int REMOTE_ENDPOINT = 9;
  private static final int ANNOTATIONS = 10;
  private static final int TAGS = 11;
  private static final int DEBUG = 12;
  private static final int SHARED = 13;
  // Endpoint
  private static final int SERVICE_NAME = 1;
  private static final int IPV4 = 2;
  private static final int IPV6 = 3;
  private static final int PORT = 4;
  // Annotation, and the key/value entries of the tags map
  private static final int ANNOTATION_TIMESTAMP = 1;
  private static final int ANNOTATION_VALUE = 2;
  private static final int MAP_KEY = 1;
  private static final int MAP_VALUE = 2;

  private static final int FIXED64_FIELD_SIZE = 9;
  private static final int BOOL_FIELD_SIZE = 2;

  private Proto3SpanEncoder() {}

  @Override
  public Encoding encoding() {
    return Encoding.PROTO3;
  }

  @Override
  public int sizeInBytes(FinishedSpan span) {
    return lengthDelimitedSize(spanSize(span, true));
  }

  @Override
  public int estimatedSizeInBytes(FinishedSpan span) {
    return lengthDelimitedSize(spanSize(span, false));
  }

  @Override
  public int write(FinishedSpan span, byte[] out, int pos) {
    pos = writeLengthPrefix(SPANS, spanSize(span, true), out, pos);
    TraceContext context = span.context();
    if (context.traceIdHigh() != 0L) {
      pos = writeLengthPrefix(TRACE_ID, 16, out, pos);
      pos = writeBigEndian(context.traceIdHigh(), 8, out, pos);
    } else {
      pos = writeLengthPrefix(TRACE_ID, 8, out, pos);
    }
    pos = writeBigEndian(context.traceId(), 8, out, pos);
    if (context.parentId() != 0L) pos = writeId(PARENT_ID, context.parentId(), out, pos);
    pos = writeId(ID, context.spanId(), out, pos);
    if (span.kind() != null) pos = writeVarintField(KIND, kindNumber(span.kind()), out, pos);
    if (Presence.hasText(span.name())) pos = writeString(NAME, span.name(), Utf8.size(span.name()), out, pos);
    if (span.timestamp() > 0L) pos = writeFixed64(TIMESTAMP, span.timestamp(), out, pos);
    if (span.duration() > 0L) pos = writeVarintField(DURATION, span.duration(), out, pos);
    if (Presence.isPresent(span.localEndpoint())) pos = writeEndpoint(LOCAL_ENDPOINT, span.localEndpoint(), out, pos);
    if (Presence.isPresent(span.remoteEndpoint())) pos = writeEndpoint(REMOTE_ENDPOINT, span.remoteEndpoint(), out, pos);
    for (int i = 0; i < span.annotationCount(); i++) {
      String value = span.annotationValue(i);
      int valueSize = Utf8.size(value);
      pos = writeLengthPrefix(ANNOTATIONS, FIXED64_FIELD_SIZE + lengthDelimitedSize(valueSize), out, pos);
      pos = writeFixed64(ANNOTATION_TIMESTAMP, span.annotationTimestamp(i), out, pos);
      pos = writeString(ANNOTATION_VALUE, value, valueSize, out, pos);
    }
    for (int i = 0; i < span.tagCount(); i++) {
      String key = span.tagKey(i);
      String value = span.tagValue(i);
      int keySize = Utf8.size(key);
      int valueSize = Utf8.size(value);
      pos = writeLengthPrefix(TAGS, lengthDelimitedSize(keySize) + lengthDelimitedSize(valueSize), out, pos);
      pos = writeString(MAP_KEY, key, keySize, out, pos);
      pos = writeString(MAP_VALUE, value, valueSize, out, pos);
    }
    if (context.debug()) pos = writeVarintField(DEBUG, 1, out, pos);
    if (context.shared()) pos = writeVarintField(SHARED, 1, out, pos);
    return pos;
  }

  @Override
  public int writeList(List<FinishedSpan> spans, byte[] out, int pos) {
    for (int i = 0; i < spans.size(); i++) pos = write(spans.get(i), out, pos);
    return pos;
  }

  /**
   * The size of the Span message, without its ListOfSpans key and length; its strings measured
   * {@code exact}ly or as one byte per char.
   */
  private static int spanSize(FinishedSpan span, boolean exact) {
    TraceContext context = span.context();
    int size = lengthDelimitedSize(context.traceIdHigh() != 0L ? 16 : 8);
    if (context.parentId() != 0L) size += lengthDelimitedSize(8);
    size += lengthDelimitedSize(8);
    if (span.kind() != null) size += 2;
    if (Presence.hasText(span.name())) size += lengthDelimitedSize(stringSize(span.name(), exact));
    if (span.timestamp() > 0L) size += FIXED64_FIELD_SIZE;
    if (span.duration() > 0L) size += 1 + varintSize(span.duration());
    if (Presence.isPresent(span.localEndpoint())) size += lengthDelimitedSize(endpointSize(span.localEndpoint(), exact));
    if (Presence.isPresent(span.remoteEndpoint())) size += lengthDelimitedSize(endpointSize(span.remoteEndpoint(), exact));
    for (int i = 0; i < span.annotationCount(); i++) {
      size += lengthDelimitedSize(FIXED64_FIELD_SIZE + lengthDelimitedSize(stringSize(span.annotationValue(i), exact)));
    }
    for (int i = 0; i < span.tagCount(); i++) {
      size += lengthDelimitedSize(
          lengthDelimitedSize(stringSize(span.tagKey(i), exact)) + lengthDelimitedSize(stringSize(span.tagValue(i), exact)));
    }
    if (context.debug()) size += BOOL_FIELD_SIZE;
    if (context.shared()) size += BOOL_FIELD_SIZE;
    return size;
  }

  /** A string's UTF-8 size, or when not {@code exact} its length (never more: see {@link #estimatedSizeInBytes}). */
  private static int stringSize(String s, boolean exact) {
    return exact ? Utf8.size(s) : s.length();
  }

  private static int endpointSize(Endpoint endpoint, boolean exact) {
    int size = 0;
    if (endpoint.serviceName() != null) size += lengthDelimitedSize(stringSize(endpoint.serviceName(), exact));
    if (endpoint.ipv4() != null) size += lengthDelimitedSize(4);
    if (endpoint.ipv6() != null) size += lengthDelimitedSize(16);
    if (endpoint.port() != 0) size += 1 + varintSize(endpoint.port());
    return size;
  }

  private static int writeEndpoint(int field, Endpoint endpoint, byte[] out, int pos) {
    pos = writeLengthPrefix(field, endpointSize(endpoint, true), out, pos);
    if (endpoint.serviceName() != null) {
      pos = writeString(SERVICE_NAME, endpoint.serviceName(), Utf8.size(endpoint.serviceName()), out, pos);
    }
    if (endpoint.ipv4() != null) pos = writeBytes(IPV4, endpoint.ipv4Bytes(), out, pos);
    if (endpoint.ipv6() != null) pos = writeBytes(IPV6, endpoint.ipv6Bytes(), out, pos);
    if (endpoint.port() != 0) pos = writeVarintField(PORT, endpoint.port(), out, pos);
    return pos;
  }

  private static int writeId(int field, long id, byte[] out, int pos) {
    pos = writeLengthPrefix(field, 8, out, pos);
    return writeBigEndian(id, 8, out, pos);
  }

  private static int writeBytes(int field, byte[] bytes, byte[] out, int pos) {
    pos = writeLengthPrefix(field, bytes.length, out, pos);
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }

  private static int kindNumber(Kind kind) {
    switch (kind) {
      case CLIENT: return 1;
      case SERVER: return 2;
      case PRODUCER: return 3;
      case CONSUMER: return 4;
      default: throw new AssertionError(kind);
    }
  }
}
