package io.ziptrace.encoding;

/** The wire formats of the Zipkin v2 span API. */
public enum Encoding {
  /** A JSON array of Zipkin v2 spans ({@code zipkin2-api.yaml}). */
  JSON("application/json") {
    @Override
    public int listSizeInBytes(int spanCount, long spanBytes) {
      return clampToInt(2L + spanBytes + Math.max(0, spanCount - 1)); // brackets and commas
    }
  },
  /** A {@code ListOfSpans} message of {@code zipkin.proto}. */
  PROTO3("application/x-protobuf") {
    @Override
    public int listSizeInBytes(int spanCount, long spanBytes) {
      return clampToInt(spanBytes); // each encoded span is already a ListOfSpans.spans field
    }
  };

  private final String mediaType;

  Encoding(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The Content-Type to POST a list in this encoding with (exactly, without parameters). */
  public String mediaType() {
    return mediaType;
  }

  /** The size in bytes of a list holding spans whose encoded sizes add up to {@code spanBytes}. */
  public abstract int listSizeInBytes(int spanCount, long spanBytes);

  private static int clampToInt(long size) {
    return (int) Math.min(Integer.MAX_VALUE, size);
  }
}
