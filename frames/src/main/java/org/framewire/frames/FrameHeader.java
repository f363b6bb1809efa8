package org.framewire.frames;

/**
 * The 8-byte frame header of SPEC.md §2.1, field by field.
 *
 * <pre>
 *  byte:   0      1      2      3      4      5      6       7
 *        +------+------+------+------+------+------+------+------+
 *        |  payload length    | request id  |stream|stream| type |
 *        |  (24 bits, LE)     | (16 bits,LE)|  id  |flags |flags |
 *        +------+------+------+------+------+------+------+------+
 *  byte 7: high 4 bits frame type, low 4 bits frame flags
 * </pre>
 *
 * <p>The record holds raw field values so that any header, even one a receiver must reject (a
 * reserved type, undefined flags), can be represented, encoded and sent by conformance tooling.
 * Each field is range-checked to its width; whether it is valid for the protocol is the decoder's
 * and the sessions' business.
 *
 * @param payloadLength 0 to 2^24-1
 * @param requestId 0 to 65535
 * @param streamId 0 to 255
 * @param streamFlags 0 to 255, see {@link StreamFlags}
 * @param typeCode 0 to 15, see {@link FrameType}
 * @param flags 0 to 15, meaning per type
 */
public record FrameHeader(
    int payloadLength, int requestId, int streamId, int streamFlags, int typeCode, int flags) {

  /** Bytes in an encoded header. */
  public static final int SIZE = 8;
  /** The largest payload the 24-bit length field can describe: 2^24-1. */
  public static final int MAX_PAYLOAD_LENGTH = 0xFFFFFF;

  public FrameHeader {
    check("payloadLength", payloadLength, MAX_PAYLOAD_LENGTH);
    check("requestId", requestId, 0xFFFF);
    check("streamId", streamId, 0xFF);
    check("streamFlags", streamFlags, 0xFF);
    check("typeCode", typeCode, 0xF);
    check("flags", flags, 0xF);
  }

  /** A header for a known frame type. */
  public static FrameHeader of(
      int payloadLength, int requestId, int streamId, int streamFlags, FrameType type, int flags) {
    return new FrameHeader(payloadLength, requestId, streamId, streamFlags, type.code(), flags);
  }

  /** The frame type, or {@code null} when the type code is reserved. */
  public FrameType type() {
    return FrameType.fromCode(typeCode);
  }

  public boolean hasStreamFlag(int flag) {
    return (streamFlags & flag) == flag;
  }

  public boolean hasFlag(int flag) {
    return (flags & flag) == flag;
  }

  /** Writes the 8 header bytes at {@code dst}'s position, advancing it. */
  public void writeTo(java.nio.ByteBuffer dst) {
    dst.put((byte) payloadLength)
        .put((byte) (payloadLength >>> 8))
        .put((byte) (payloadLength >>> 16))
        .put((byte) requestId)
        .put((byte) (requestId >>> 8))
        .put((byte) streamId)
        .put((byte) streamFlags)
        .put((byte) ((typeCode << 4) | flags));
  }

  /** Writes the 8 header bytes into {@code dst} at {@code offset}. */
  public void writeTo(byte[] dst, int offset) {
    dst[offset] = (byte) payloadLength;
    dst[offset + 1] = (byte) (payloadLength >>> 8);
    dst[offset + 2] = (byte) (payloadLength >>> 16);
    dst[offset + 3] = (byte) requestId;
    dst[offset + 4] = (byte) (requestId >>> 8);
    dst[offset + 5] = (byte) streamId;
    dst[offset + 6] = (byte) streamFlags;
    dst[offset + 7] = (byte) ((typeCode << 4) | flags);
  }

  /** The 8 encoded header bytes. */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    writeTo(b, 0);
    return b;
  }

  /**
   * Parses 8 header bytes starting at {@code offset}. Never fails: every 8-byte string is some
   * header; validity is checked by the caller.
   */
  public static FrameHeader parse(byte[] src, int offset) {
    int length = (src[offset] & 0xFF) | (src[offset + 1] & 0xFF) << 8 | (src[offset + 2] & 0xFF) << 16;
    int requestId = (src[offset + 3] & 0xFF) | (src[offset + 4] & 0xFF) << 8;
    int typeAndFlags = src[offset + 7] & 0xFF;
    return new FrameHeader(
        length, requestId, src[offset + 5] & 0xFF, src[offset + 6] & 0xFF, typeAndFlags >>> 4, typeAndFlags & 0xF);
  }

  /** Parses the 8 header bytes at absolute index {@code index} of {@code src}, not moving its position. */
  public static FrameHeader parse(java.nio.ByteBuffer src, int index) {
    int length = (src.get(index) & 0xFF) | (src.get(index + 1) & 0xFF) << 8 | (src.get(index + 2) & 0xFF) << 16;
    int requestId = (src.get(index + 3) & 0xFF) | (src.get(index + 4) & 0xFF) << 8;
    int typeAndFlags = src.get(index + 7) & 0xFF;
    return new FrameHeader(
        length, requestId, src.get(index + 5) & 0xFF, src.get(index + 6) & 0xFF, typeAndFlags >>> 4, typeAndFlags & 0xF);
  }

  /**
   * Parses the 8 header bytes given as a little-endian {@code long} (byte 0 in the low 8 bits), as
   * one 8-byte read of a little-endian buffer returns them. Never fails.
   */
  public static FrameHeader parseLittleEndian(long bytes) {
    int typeAndFlags = (int) (bytes >>> 56);
    return new FrameHeader(
        (int) bytes & 0xFFFFFF,
        (int) (bytes >>> 24) & 0xFFFF,
        (int) (bytes >>> 40) & 0xFF,
        (int) (bytes >>> 48) & 0xFF,
        typeAndFlags >>> 4,
        typeAndFlags & 0xF);
  }

  private static void check(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " " + value + " outside 0.." + max);
    }
  }
}
