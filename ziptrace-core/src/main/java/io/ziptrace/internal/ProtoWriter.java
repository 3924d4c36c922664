package io.ziptrace.internal;

/**
 * The proto3 wire format primitives: keys, varints, fixed64 and length-delimited fields, written
 * straight into byte arrays. Internal: not part of the supported API and may change in any
 * release.
 */
public final class ProtoWriter {
  /** Wire type of varint fields. */
  public static final int VARINT = 0;
  /** Wire type of fixed64 fields. */
  public static final int FIXED64 = 1;
  /** Wire type of length-delimited fields (strings, bytes, messages). */
  public static final int LENGTH_DELIMITED = 2;

  private ProtoWriter() {}

  /** The key byte of a field numbered 1 to 15. */
  public static int key(int fieldNumber, int wireType) {
    return (fieldNumber << 3) | wireType;
  }

  /** The encoded size of an unsigned varint. */
  public static int varintSize(long value) {
    int size = 1;
    for (long v = value >>> 7; v != 0; v >>>= 7) size++;
    return size;
  }

  /** The size of a length-delimited field whose content has {@code contentSize} bytes. */
  public static int lengthDelimitedSize(int contentSize) {
    return 1 + varintSize(contentSize) + contentSize;
  }

  /** Writes an unsigned varint and returns the position after it. */
  public static int writeVarint(long value, byte[] out, int pos) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
  }

  /** Writes a key and the length of a length-delimited field, returning the position after. */
  public static int writeLengthPrefix(int fieldNumber, int length, byte[] out, int pos) {
    out[pos++] = (byte) key(fieldNumber, LENGTH_DELIMITED);
    return writeVarint(length, out, pos);
  }

  /** Writes a fixed64 field (little-endian) with its key and returns the position after it. */
  public static int writeFixed64(int fieldNumber, long value, byte[] out, int pos) {
    out[pos++] = (byte) key(fieldNumber, FIXED64);
    for (int i = 0; i < 8; i++) {
      out[pos++] = (byte) (value >>> (8 * i));
    }
    return pos;
  }

  /** Writes a varint field with its key and returns the position after it. */
  public static int writeVarintField(int fieldNumber, long value, byte[] out, int pos) {
    out[pos++] = (byte) key(fieldNumber, VARINT);
    return writeVarint(value, out, pos);
  }

  /** Writes a string field as UTF-8 with its key and returns the position after it. */
  public static int writeString(int fieldNumber, String value, int utf8Size, byte[] out, int pos) {
    pos = writeLengthPrefix(fieldNumber, utf8Size, out, pos);
    return Utf8.write(value, out, pos);
  }

  /** Writes {@code count} bytes (1 to 8) of {@code value}, most significant first. */
  public static int writeBigEndian(long value, int count, byte[] out, int pos) {
    for (int i = count - 1; i >= 0; i--) {
      out[pos++] = (byte) (value >>> (8 * i));
    }
    return pos;
  }
}
