package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import java.nio.ByteBuffer;
import org.framewire.spec.Requirement;

/**
 * The 8-byte frame header of SPEC.md §2.1, field by field, and the one place its bytes are packed
 * and unpacked ({@link #pack}, {@link #read}, {@link #write} and the {@code ...Of(long)} field
 * readers; the byte diagram is above {@link #pack}).
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

  /**
   * The check shared by every frame type whose messages span frames (command data, command
   * responses, sender protocol settings, stream settings: SPEC.md §6.2, §6.3, §8.1, §4.1): the frame carries
   * exactly one of continuation and eos.
   *
   * @param broken the requirement a frame with both or neither breaks
   * @param subject the frame as the message names it, e.g. {@code "command-data frame of request 1"}
   * @return whether the frame carries eos (it ends its message)
   * @throws ProtocolException citing {@code broken}: "{@code subject} carries both continuation and
   *     eos" or "... neither continuation nor eos"
   */
  public boolean eosOfExactlyOne(Requirement broken, String subject) throws ProtocolException {
    boolean continuation = hasFlag(FrameType.FLAG_CONTINUATION);
    boolean eos = hasFlag(FrameType.FLAG_EOS);
    if (continuation == eos) {
      throw ProtocolException.violation(
          broken, "%s carries %s", subject, eos ? "both continuation and eos" : "neither continuation nor eos");
    }
    return eos;
  }

  /** Writes the 8 header bytes at {@code dst}'s position, advancing it. */
  public void writeTo(ByteBuffer dst) {
    if (dst.isReadOnly()) {
      throw new java.nio.ReadOnlyBufferException();
    }
    if (dst.remaining() < SIZE) {
      throw new java.nio.BufferOverflowException();
    }
    int at = dst.position();
    write(packed(), dst, at);
    dst.position(at + SIZE);
  }

  /** Writes the 8 header bytes into {@code dst} at {@code offset}. */
  public void writeTo(byte[] dst, int offset) {
    write(packed(), dst, offset);
  }

  /** The 8 encoded header bytes. */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    writeTo(b, 0);
    return b;
  }

  /** This header {@linkplain #pack packed} into the 8 bytes' little-endian {@code long}. */
  public long packed() {
    return pack(payloadLength, requestId, streamId, streamFlags, typeCode, flags);
  }

  /**
   * Parses 8 header bytes starting at {@code offset}. Never fails: every 8-byte string is some
   * header; validity is checked by the caller.
   */
  public static FrameHeader parse(byte[] src, int offset) {
    return parseLittleEndian(read(src, offset));
  }

  /** Parses the 8 header bytes at absolute index {@code index} of {@code src}, not moving its position. */
  public static FrameHeader parse(ByteBuffer src, int index) {
    return parseLittleEndian(read(src, index));
  }

  /**
   * Parses the 8 header bytes given as a little-endian {@code long} (byte 0 in the low 8 bits), as
   * one 8-byte read of a little-endian buffer returns them. Never fails.
   */
  public static FrameHeader parseLittleEndian(long bytes) {
    return new FrameHeader(
        lengthOf(bytes), requestIdOf(bytes), streamIdOf(bytes), streamFlagsOf(bytes), typeCodeOf(bytes), flagsOf(bytes));
  }

  // ---------------------------------------------------------------------------------------------
  // The one place the 8 bytes are packed and unpacked (SPEC.md §2.1). Every reader and writer of
  // frame headers in framewire goes through these, the allocation-free codec paths included.
  //
  //  byte:   0      1      2      3      4      5      6       7
  //        +------+------+------+------+------+------+------+------+
  //        |  payload length    | request id  |stream|stream| type |
  //        |  (24 bits, LE)     | (16 bits,LE)|  id  |flags |flags |
  //        +------+------+------+------+------+------+------+------+
  //  byte 7: high 4 bits frame type, low 4 bits frame flags
  //
  // "Packed" is the 8 bytes read as one little-endian long: byte 0 in the low 8 bits, so the
  // length is bits 0-23, the request id 24-39, the stream id 40-47, the stream flags 48-55, the
  // frame flags 56-59 and the type 60-63.
  // ---------------------------------------------------------------------------------------------

  /**
   * The 8 header bytes as a little-endian {@code long}. The fields must be within their widths (the
   * record's constructor and {@link FrameEncoder} check them); nothing is masked here.
   */
  public static long pack(int payloadLength, int requestId, int streamId, int streamFlags, int typeCode, int flags) {
    return (payloadLength & 0xFFFFFFFFL)
        | (long) requestId << 24
        | (long) streamId << 40
        | (long) streamFlags << 48
        | (long) ((typeCode << 4) | flags) << 56;
  }

  /** The payload length field (24 bits) of a packed header. */
  public static int lengthOf(long packed) {
    return (int) packed & 0xFFFFFF;
  }

  /** The request id field (16 bits) of a packed header. */
  public static int requestIdOf(long packed) {
    return (int) (packed >>> 24) & 0xFFFF;
  }

  /** The stream id field (8 bits) of a packed header. */
  public static int streamIdOf(long packed) {
    return (int) (packed >>> 40) & 0xFF;
  }

  /** The stream flags field (8 bits) of a packed header. */
  public static int streamFlagsOf(long packed) {
    return (int) (packed >>> 48) & 0xFF;
  }

  /** The frame type code (high 4 bits of byte 7) of a packed header. */
  public static int typeCodeOf(long packed) {
    return (int) (packed >>> 60);
  }

  /** The frame flags (low 4 bits of byte 7) of a packed header. */
  public static int flagsOf(long packed) {
    return (int) (packed >>> 56) & 0xF;
  }

  /** The 8 bytes of {@code src} from {@code offset}, packed. */
  public static long read(byte[] src, int offset) {
    long v = 0;
    for (int i = SIZE - 1; i >= 0; i--) {
      v = v << 8 | (src[offset + i] & 0xFF);
    }
    return v;
  }

  /** The 8 bytes of {@code src} from absolute index {@code index}, packed; the position stays. */
  public static long read(ByteBuffer src, int index) {
    long v = 0;
    for (int i = SIZE - 1; i >= 0; i--) {
      v = v << 8 | (src.get(index + i) & 0xFF);
    }
    return v;
  }

  /** Writes a packed header's 8 bytes into {@code dst} at {@code offset}. */
  public static void write(long packed, byte[] dst, int offset) {
    for (int i = 0; i < SIZE; i++) {
      dst[offset + i] = (byte) (packed >>> (8 * i));
    }
  }

  /** Writes a packed header's 8 bytes into {@code dst} at absolute index {@code index}; the position stays. */
  public static void write(long packed, ByteBuffer dst, int index) {
    for (int i = 0; i < SIZE; i++) {
      dst.put(index + i, (byte) (packed >>> (8 * i)));
    }
  }

  private static void check(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " " + value + " outside 0.." + max);
    }
  }
}
