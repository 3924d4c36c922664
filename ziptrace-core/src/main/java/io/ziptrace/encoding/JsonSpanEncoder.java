package io.ziptrace.encoding;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import io.ziptrace.internal.Ascii;
import io.ziptrace.internal.Hex;
import io.ziptrace.internal.JsonStrings;
import java.util.List;

/**
 * Zipkin v2 JSON ({@code zipkin2-api.yaml}): the fields in the order Zipkin writes them, absent
 * values omitted, ids as lowercase hex.
 */
final class JsonSpanEncoder implements SpanEncoder {
  static final JsonSpanEncoder INSTANCE = new JsonSpanEncoder();

  private static final byte[] TRACE_ID = Ascii.bytes("{\"traceId\":\"");
  private static final byte[] PARENT_ID = Ascii.bytes("\",\"parentId\":\"");
  private static final byte[] ID = Ascii.bytes("\",\"id\":\"");
  private static final byte[] NAME = Ascii.bytes(",\"name\":\"");
  private static final byte[] TIMESTAMP = Ascii.bytes(",\"timestamp\":");
  private static final byte[] DURATION = Ascii.bytes(",\"duration\":");
  private static final byte[] LOCAL_ENDPOINT = Ascii.bytes(",\"localEndpoint\":");
  private static final byte[] REMOTE_ENDPOINT = Ascii.bytes(",\"remoteEndpoint\":");
  private static final byte[] ANNOTATIONS = Ascii.bytes(",\"annotations\":[");
  private static final byte[] ANNOTATION_TIMESTAMP = Ascii.bytes("{\"timestamp\":");
  private static final byte[] ANNOTATION_VALUE = Ascii.bytes(",\"value\":\"");
  private static final byte[] TAGS = Ascii.bytes(",\"tags\":{");
  private static final byte[] DEBUG = Ascii.bytes(",\"debug\":true");
  private static final byte[] SHARED = Ascii.bytes(",\"shared\":true");
  private static final byte[] SERVICE_NAME = Ascii.bytes("\"serviceName\":\"");
  private static final byte[] IPV4 = Ascii.bytes("\"ipv4\":\"");
  private static final byte[] IPV6 = Ascii.bytes("\"ipv6\":\"");
  private static final byte[] PORT = Ascii.bytes("\"port\":");
  /** The whole kind field of each {@link Kind}, by ordinal: there are only four. */
  private static final byte[][] KIND_FIELDS = kindFields();

  /** The last local endpoint written, and its bytes: every span of a tracer has the same one. */
  private volatile EncodedEndpoint lastLocalEndpoint = new EncodedEndpoint(null, new byte[0]);

  private JsonSpanEncoder() {}

  private static byte[][] kindFields() {
    Kind[] kinds = Kind.values();
    byte[][] fields = new byte[kinds.length][];
    for (Kind kind : kinds) fields[kind.ordinal()] = Ascii.bytes(",\"kind\":\"" + kind.name() + "\"");
    return fields;
  }

  @Override
  public Encoding encoding() {
    return Encoding.JSON;
  }

  @Override
  public int sizeInBytes(FinishedSpan span) {
    return size(span, true);
  }

  @Override
  public int estimatedSizeInBytes(FinishedSpan span) {
    return size(span, false);
  }

  /** The span's size, its strings measured {@code exact}ly or as one byte per char. */
  private int size(FinishedSpan span, boolean exact) {
    TraceContext context = span.context();
    int size = TRACE_ID.length + (context.traceIdHigh() != 0L ? 32 : 16);
    if (context.parentId() != 0L) size += PARENT_ID.length + 16;
    size += ID.length + 16 + 1; // closing quote of the id
    if (span.kind() != null) size += KIND_FIELDS[span.kind().ordinal()].length;
    if (Presence.hasText(span.name())) size += NAME.length + stringSize(span.name(), exact) + 1;
    if (span.timestamp() > 0L) size += TIMESTAMP.length + Ascii.decimalSize(span.timestamp());
    if (span.duration() > 0L) size += DURATION.length + Ascii.decimalSize(span.duration());
    if (Presence.isPresent(span.localEndpoint())) size += LOCAL_ENDPOINT.length + localEndpointBytes(span.localEndpoint()).length;
    if (Presence.isPresent(span.remoteEndpoint())) size += REMOTE_ENDPOINT.length + endpointSize(span.remoteEndpoint(), exact);
    int annotationCount = span.annotationCount();
    if (annotationCount > 0) {
      size += ANNOTATIONS.length + annotationCount; // a comma or the closing bracket after each
      for (int i = 0; i < annotationCount; i++) {
        size += ANNOTATION_TIMESTAMP.length + Ascii.decimalSize(span.annotationTimestamp(i))
            + ANNOTATION_VALUE.length + stringSize(span.annotationValue(i), exact) + 2; // "}
      }
    }
    int tagCount = span.tagCount();
    if (tagCount > 0) {
      size += TAGS.length + tagCount; // a comma or the closing brace after each
      for (int i = 0; i < tagCount; i++) {
        size += stringSize(span.tagKey(i), exact) + stringSize(span.tagValue(i), exact) + 5; // "":""
      }
    }
    if (context.debug()) size += DEBUG.length;
    if (context.shared()) size += SHARED.length;
    return size + 1; // closing brace
  }

  @Override
  public int write(FinishedSpan span, byte[] out, int pos) {
    TraceContext context = span.context();
    pos = Ascii.write(TRACE_ID, out, pos);
    if (context.traceIdHigh() != 0L) {
      Hex.writeHex16(context.traceIdHigh(), out, pos);
      pos += 16;
    }
    Hex.writeHex16(context.traceId(), out, pos);
    pos += 16;
    if (context.parentId() != 0L) {
      pos = Ascii.write(PARENT_ID, out, pos);
      Hex.writeHex16(context.parentId(), out, pos);
      pos += 16;
    }
    pos = Ascii.write(ID, out, pos);
    Hex.writeHex16(context.spanId(), out, pos);
    pos += 16;
    out[pos++] = '"';
    if (span.kind() != null) pos = Ascii.write(KIND_FIELDS[span.kind().ordinal()], out, pos);
    if (Presence.hasText(span.name())) {
      pos = Ascii.write(NAME, out, pos);
      pos = JsonStrings.writeEscaped(span.name(), out, pos);
      out[pos++] = '"';
    }
    if (span.timestamp() > 0L) {
      pos = Ascii.write(TIMESTAMP, out, pos);
      pos = Ascii.writeDecimal(span.timestamp(), out, pos);
    }
    if (span.duration() > 0L) {
      pos = Ascii.write(DURATION, out, pos);
      pos = Ascii.writeDecimal(span.duration(), out, pos);
    }
    if (Presence.isPresent(span.localEndpoint())) {
      pos = Ascii.write(LOCAL_ENDPOINT, out, pos);
      pos = Ascii.write(localEndpointBytes(span.localEndpoint()), out, pos);
    }
    if (Presence.isPresent(span.remoteEndpoint())) {
      pos = Ascii.write(REMOTE_ENDPOINT, out, pos);
      pos = writeEndpoint(span.remoteEndpoint(), out, pos);
    }
    int annotationCount = span.annotationCount();
    if (annotationCount > 0) {
      pos = Ascii.write(ANNOTATIONS, out, pos);
      for (int i = 0; i < annotationCount; i++) {
        if (i > 0) out[pos++] = ',';
        pos = Ascii.write(ANNOTATION_TIMESTAMP, out, pos);
        pos = Ascii.writeDecimal(span.annotationTimestamp(i), out, pos);
        pos = Ascii.write(ANNOTATION_VALUE, out, pos);
        pos = JsonStrings.writeEscaped(span.annotationValue(i), out, pos);
        out[pos++] = '"';
        out[pos++] = '}';
      }
      out[pos++] = ']';
    }
    int tagCount = span.tagCount();
    if (tagCount > 0) {
      pos = Ascii.write(TAGS, out, pos);
      for (int i = 0; i < tagCount; i++) {
        if (i > 0) out[pos++] = ',';
        out[pos++] = '"';
        pos = JsonStrings.writeEscaped(span.tagKey(i), out, pos);
        out[pos++] = '"';
        out[pos++] = ':';
        out[pos++] = '"';
        pos = JsonStrings.writeEscaped(span.tagValue(i), out, pos);
        out[pos++] = '"';
      }
      out[pos++] = '}';
    }
    if (context.debug()) pos = Ascii.write(DEBUG, out, pos);
    if (context.shared()) pos = Ascii.write(SHARED, out, pos);
    out[pos++] = '}';
    return pos;
  }

  @Override
  public int writeList(List<FinishedSpan> spans, byte[] out, int pos) {
    out[pos++] = '[';
    for (int i = 0; i < spans.size(); i++) {
      if (i > 0) out[pos++] = ',';
      pos = write(spans.get(i), out, pos);
    }
    out[pos++] = ']';
    return pos;
  }

  private byte[] localEndpointBytes(Endpoint endpoint) {
    EncodedEndpoint last = lastLocalEndpoint;
    if (last.endpoint == endpoint) return last.bytes;
    byte[] bytes = new byte[endpointSize(endpoint, true)];
    writeEndpoint(endpoint, bytes, 0);
    lastLocalEndpoint = new EncodedEndpoint(endpoint, bytes);
    return bytes;
  }

  /** An endpoint with its encoded bytes, published together. */
  private static final class EncodedEndpoint {
    final Endpoint endpoint;
    final byte[] bytes;

    EncodedEndpoint(Endpoint endpoint, byte[] bytes) {
      this.endpoint = endpoint;
      this.bytes = bytes;
    }
  }

  /** A string's escaped size, or when not {@code exact} its length (never more: see {@link #estimatedSizeInBytes}). */
  private static int stringSize(String s, boolean exact) {
    return exact ? JsonStrings.escapedSize(s) : s.length();
  }

  private static int endpointSize(Endpoint endpoint, boolean exact) {
    int size = 2; // braces
    int fields = 0;
    if (endpoint.serviceName() != null) {
      size += SERVICE_NAME.length + stringSize(endpoint.serviceName(), exact) + 1;
      fields++;
    }
    if (endpoint.ipv4() != null) {
      size += IPV4.length + endpoint.ipv4().length() + 1;
      fields++;
    }
    if (endpoint.ipv6() != null) {
      size += IPV6.length + endpoint.ipv6().length() + 1;
      fields++;
    }
    if (endpoint.port() != 0) {
      size += PORT.length + Ascii.decimalSize(endpoint.port());
      fields++;
    }
    return size + fields - 1; // commas between fields
  }

  private static int writeEndpoint(Endpoint endpoint, byte[] out, int pos) {
    out[pos++] = '{';
    int start = pos;
    if (endpoint.serviceName() != null) {
      pos = Ascii.write(SERVICE_NAME, out, pos);
      pos = JsonStrings.writeEscaped(endpoint.serviceName(), out, pos);
      out[pos++] = '"';
    }
    if (endpoint.ipv4() != null) pos = writeQuotedField(IPV4, endpoint.ipv4(), out, pos, start);
    if (endpoint.ipv6() != null) pos = writeQuotedField(IPV6, endpoint.ipv6(), out, pos, start);
    if (endpoint.port() != 0) {
      if (pos > start) out[pos++] = ',';
      pos = Ascii.write(PORT, out, pos);
      pos = Ascii.writeDecimal(endpoint.port(), out, pos);
    }
    out[pos++] = '}';
    return pos;
  }

  private static int writeQuotedField(byte[] name, String asciiValue, byte[] out, int pos, int start) {
    if (pos > start) out[pos++] = ',';
    pos = Ascii.write(name, out, pos);
    pos = Ascii.writeChars(asciiValue, 0, asciiValue.length(), out, pos);
    out[pos++] = '"';
    return pos;
  }
}
