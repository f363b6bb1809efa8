package org.framewire.frames;

import java.nio.ByteBuffer;

/**
 * One frame: its header and its payload (SPEC.md §2).
 *
 * <p>The payload is a read-only {@link ByteBuffer} whose remaining bytes are exactly the payload.
 * A frame produced by {@link FrameDecoder} may be a view into the decoder's input: it stays valid
 * only until the caller reuses or overwrites the buffer it fed; call {@link #copy()} to keep a
 * frame beyond that. Frames built with the factories here own their payload.
 *
 * <p>Equality compares header and payload bytes.
 *
 * @param header the header; its length equals the payload's remaining bytes
 * @param payload read-only view of the payload bytes
 */
public record Frame(FrameHeader header, ByteBuffer payload) {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  public Frame {
    if (header.payloadLength() != payload.remaining()) {
      throw new IllegalArgumentException(
          "header says " + header.payloadLength() + " payload bytes, payload has " + payload.remaining());
    }
    if (!payload.isReadOnly()) {
      payload = payload.asReadOnlyBuffer();
    }
  }

  /** A frame of a known type over the given payload bytes (not copied). */
  public static Frame of(int requestId, int streamId, int streamFlags, FrameType type, int flags, byte[] payload) {
    return of(requestId, streamId, streamFlags, type, flags, ByteBuffer.wrap(payload));
  }

  /** A frame of a known type over the payload's remaining bytes (not copied). */
  public static Frame of(int requestId, int streamId, int streamFlags, FrameType type, int flags, ByteBuffer payload) {
    return new Frame(
        FrameHeader.of(payload.remaining(), requestId, streamId, streamFlags, type, flags), payload.slice());
  }

  /** A frame with an empty payload. */
  public static Frame empty(int requestId, int streamId, int streamFlags, FrameType type, int flags) {
    return new Frame(FrameHeader.of(0, requestId, streamId, streamFlags, type, flags), EMPTY);
  }

  public int requestId() {
    return header.requestId();
  }

  public int streamId() {
    return header.streamId();
  }

  public int streamFlags() {
    return header.streamFlags();
  }

  /** The frame type, or {@code null} for a reserved type code. */
  public FrameType type() {
    return header.type();
  }

  public int flags() {
    return header.flags();
  }

  /** A fresh array holding the payload bytes. */
  public byte[] payloadBytes() {
    byte[] b = new byte[payload.remaining()];
    payload.duplicate().get(b);
    return b;
  }

  /** This frame with a payload it owns, independent of any decoder input. */
  public Frame copy() {
    return new Frame(header, ByteBuffer.wrap(payloadBytes()));
  }

  /** The encoded frame: header then payload, in one new array. */
  public byte[] toBytes() {
    byte[] b = new byte[FrameHeader.SIZE + header.payloadLength()];
    header.writeTo(b, 0);
    payload.duplicate().get(b, FrameHeader.SIZE, header.payloadLength());
    return b;
  }

  /** The frame in the human notation, {@link FrameNotation#format(Frame)}. */
  @Override
  public String toString() {
    return FrameNotation.format(this);
  }
}
