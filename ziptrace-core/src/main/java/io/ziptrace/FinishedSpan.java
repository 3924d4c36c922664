package io.ziptrace;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable record of a finished span: what reporters queue and encoders write.
 *
 * <p>Tags and annotations are exposed by index so that encoders can write them without
 * allocating; {@link #tags()} and {@link #annotations()} give convenient copies for tests.
 */
public final class FinishedSpan {

  private final TraceContext context;
  private final String name;
  private final Kind kind;
  private final long timestamp;
  private final long duration;
  private final Endpoint localEndpoint;
  private final Endpoint remoteEndpoint;
  private final long[] annotationTimestamps;
  private final String[] annotationValues;
  private final int annotationCount;
  private final String[] tagKeysAndValues;
  private final int tagCount;

  /**
   * Freezes a span's recorded state into an immutable record. Takes the arrays of {@code fields}
   * over without copying: the caller must release them ({@link SpanFields#releaseFields()}) and
   * not write to them again.
   */
  FinishedSpan(
      TraceContext context,
      String name,
      Kind kind,
      long timestamp,
      long duration,
      Endpoint localEndpoint,
      Endpoint remoteEndpoint,
      SpanFields fields) {
    this.context = context;
    this.name = name;
    this.kind = kind;
    this.timestamp = timestamp;
    this.duration = duration;
    this.localEndpoint = localEndpoint;
    this.remoteEndpoint = remoteEndpoint;
    this.annotationTimestamps = fields.annotationTimestamps();
    this.annotationValues = fields.annotationValues();
    this.annotationCount = fields.annotationCount();
    this.tagKeysAndValues = fields.tagKeysAndValues();
    this.tagCount = fields.tagCount();
  }

  /** Returns a builder, for tests and for bridging spans recorded elsewhere. */
  public static Builder builder(TraceContext context) {
    return new Builder(context);
  }

  /** The span's identity: trace id, span id, parent id, debug and shared flags. */
  public TraceContext context() {
    return context;
  }

  /** The span name, or {@code null} when none was given. */
  public String name() {
    return name;
  }

  /** The span kind, or {@code null} for a local span. */
  public Kind kind() {
    return kind;
  }

  /** Start time in microseconds since the epoch, or zero when unknown. */
  public long timestamp() {
    return timestamp;
  }

  /** Duration in microseconds (at least 1 when known), or zero when unknown. */
  public long duration() {
    return duration;
  }

  /** The service that recorded the span, or {@code null}. */
  public Endpoint localEndpoint() {
    return localEndpoint;
  }

  /** The remote peer, or {@code null}. */
  public Endpoint remoteEndpoint() {
    return remoteEndpoint;
  }

  /** The number of annotations. */
  public int annotationCount() {
    return annotationCount;
  }

  /** The timestamp, in epoch microseconds, of annotation {@code i}. */
  public long annotationTimestamp(int i) {
    Objects.checkIndex(i, annotationCount);
    return annotationTimestamps[i];
  }

  /** The value of annotation {@code i}. */
  public String annotationValue(int i) {
    Objects.checkIndex(i, annotationCount);
    return annotationValues[i];
  }

  /** The number of tags. Keys are unique. */
  public int tagCount() {
    return tagCount;
  }

  /** The key of tag {@code i}, in the order tags were first set. */
  public String tagKey(int i) {
    Objects.checkIndex(i, tagCount);
    return tagKeysAndValues[2 * i];
  }

  /** The value of tag {@code i}. */
  public String tagValue(int i) {
    Objects.checkIndex(i, tagCount);
    return tagKeysAndValues[2 * i + 1];
  }

  /** The value of the tag with this key, or {@code null}. */
  public String tag(String key) {
    for (int i = 0; i < tagCount; i++) {
      if (tagKeysAndValues[2 * i].equals(key)) return tagKeysAndValues[2 * i + 1];
    }
    return null;
  }

  /** A copy of the tags, in the order they were first set. */
  public Map<String, String> tags() {
    Map<String, String> result = new LinkedHashMap<>();
    for (int i = 0; i < tagCount; i++) result.put(tagKeysAndValues[2 * i], tagKeysAndValues[2 * i + 1]);
    return Collections.unmodifiableMap(result);
  }

  /** A copy of the annotation values, in the order they were added. */
  public List<String> annotations() {
    return List.of(Arrays.copyOf(annotationValues, annotationCount));
  }

  @Override
  public String toString() {
    return "FinishedSpan{" + context + ", name=" + name + ", kind=" + kind + ", timestamp=" + timestamp
        + ", duration=" + duration + ", local=" + localEndpoint + ", remote=" + remoteEndpoint
        + ", annotations=" + annotations() + ", tags=" + tags() + "}";
  }

  /** Builds a {@link FinishedSpan} field by field. Not thread-safe. */
  public static final class Builder {
    private final TraceContext context;
    private String name;
    private Kind kind;
    private long timestamp;
    private long duration;
    private Endpoint localEndpoint;
    private Endpoint remoteEndpoint;
    private final SpanFields fields = new SpanFields();

    private Builder(TraceContext context) {
      this.context = Objects.requireNonNull(context, "context");
    }

    /** Sets the name, cut to {@link Span#MAX_STRING_LENGTH}. */
    public Builder name(String name) {
      this.name = name == null ? null : SpanFields.truncate(name);
      return this;
    }

    /** Sets the kind; {@code null} for a local span. */
    public Builder kind(Kind kind) {
      this.kind = kind;
      return this;
    }

    /** Sets the start time in epoch microseconds; zero or negative means unknown. */
    public Builder timestamp(long timestamp) {
      this.timestamp = Math.max(0L, timestamp);
      return this;
    }

    /** Sets the duration in microseconds; zero or negative means unknown. */
    public Builder duration(long duration) {
      this.duration = Math.max(0L, duration);
      return this;
    }

    /** Sets the local endpoint. */
    public Builder localEndpoint(Endpoint localEndpoint) {
      this.localEndpoint = localEndpoint;
      return this;
    }

    /** Sets the remote endpoint. */
    public Builder remoteEndpoint(Endpoint remoteEndpoint) {
      this.remoteEndpoint = remoteEndpoint;
      return this;
    }

    /** Adds an annotation; a {@code null} value is ignored. */
    public Builder addAnnotation(long timestamp, String value) {
      fields.addAnnotation(timestamp, value);
      return this;
    }

    /** Sets a tag, replacing an earlier value of the same key; {@code null}s are ignored. */
    public Builder putTag(String key, String value) {
      fields.addTag(key, value);
      return this;
    }

    /** Returns the finished span. */
    public FinishedSpan build() {
      // A copy, so that the builder may be changed and built again without touching this span.
      return new FinishedSpan(context, name, kind, timestamp, duration, localEndpoint, remoteEndpoint, fields.copy());
    }
  }
}
