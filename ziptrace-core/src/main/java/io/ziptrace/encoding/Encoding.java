package io.ziptrace.encoding;

/** The wire formats of the Zipkin v2 span API. */
public enum Encoding {
  /** A JSON array of Zipkin v2 spans ({@code zipkin2-api.yaml}). */
  JSON("application/json"),
  /** A {@code ListOfSpans} message of {@code zipkin.proto}. */
  PROTO3("application/x-protobuf");

  private final String mediaType;

  Encoding(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The Content-Type to POST a list in this encoding with (exactly, without parameters). */
  public String mediaType() {
    return mediaType;
  }

  /** The size in bytes of a list holding spans whose encoded sizes add up to {@code spanBytes}. */
  public int listSizeInBytes(int spanCount, long spanBytes) {
    long size = this == JSON ? 2L + spanBytes + Math.max(0, spanCount - 1) : spanBytes;
    return (int) Math.min(Integer.MAX_VALUE, size);
  }
}
