package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import org.framewire.spec.Requirement;

/**
 * Writes frames in the wire layout of SPEC.md §2.1: the 8 header bytes, then the payload.
 *
 * <p>Three ways to put a frame on the wire, for three kinds of callers:
 *
 * <ul>
 *   <li>{@link #encode(Frame, ByteBuffer)} copies header and payload into the caller's (send)
 *       buffer. It allocates nothing: the hot path for writers that keep one output buffer.
 *   <li>{@link #header(Frame, ByteBuffer)} fills a caller-owned reusable 8-byte buffer with the
 *       header, allocating nothing, for a gathering write of that buffer followed by the payload
 *       (write a {@code duplicate()} of {@link Frame#payload()}, so that the frame stays intact).
 *   <li>{@link #gather(Frame)} returns both as a fresh pair of buffers, without copying the payload;
 *       it allocates the header buffer and one payload view.
 * </ul>
 *
 * <p>The encoder writes any {@link FrameHeader}, valid or not, so that conformance tooling can send
 * malformed frames; validity is the business of whoever builds the frame. The one rule a sender
 * checks here is {@code FRAME-8} (§2.4): {@link #checkFrameSize(Frame, int)} refuses a frame
 * longer than the peer accepts. Emitting such a frame would be a bug of the local application, so
 * it is an {@link IllegalArgumentException}, not a {@link ProtocolException}. Stateless and
 * thread-safe.
 */
public final class FrameEncoder {

  private FrameEncoder() {}

  /** Bytes the encoded frame takes: the header and the payload. */
  public static int encodedSize(Frame frame) {
    return FrameHeader.SIZE + frame.header().payloadLength();
  }

  /**
   * Writes the whole frame at {@code dst}'s position and advances it. Neither the frame nor its
   * payload's position is changed, and nothing is allocated.
   *
   * @throws BufferOverflowException when {@code dst} has fewer than {@link #encodedSize(Frame)}
   *     bytes remaining; nothing is written then
   * @throws java.nio.ReadOnlyBufferException when {@code dst} is read-only
   */
  public static void encode(Frame frame, ByteBuffer dst) {
    if (dst.isReadOnly()) {
      throw new java.nio.ReadOnlyBufferException();
    }
    if (dst.remaining() < encodedSize(frame)) {
      throw new BufferOverflowException();
    }
    frame.header().writeTo(dst);
    ByteBuffer payload = frame.payload();
    int length = payload.remaining();
    dst.put(dst.position(), payload, payload.position(), length);
    dst.position(dst.position() + length);
  }

  /**
   * Writes a frame given as primitive header fields and a payload (its remaining bytes) at {@code
   * dst}'s position and advances it; the payload's position is not changed and nothing is
   * allocated. The counterpart of {@link FrameSink}: a relay can pass each decoded frame straight
   * on. Field ranges are those of {@link FrameHeader}, checked here.
   *
   * @throws BufferOverflowException when {@code dst} has too few bytes remaining; nothing is
   *     written then
   * @throws IllegalArgumentException a field is outside its range
   */
  public static void encode(
      int requestId, int streamId, int streamFlags, int typeCode, int flags, ByteBuffer payload, ByteBuffer dst) {
    int length = payload.remaining();
    if ((requestId & ~0xFFFF) != 0 || (streamId & ~0xFF) != 0 || (streamFlags & ~0xFF) != 0
        || (typeCode & ~0xF) != 0 || (flags & ~0xF) != 0 || length > FrameHeader.MAX_PAYLOAD_LENGTH) {
      // The record's constructor names the offending field.
      new FrameHeader(length, requestId, streamId, streamFlags, typeCode, flags);
      throw new IllegalArgumentException("payload of " + length + " bytes");
    }
    if (dst.isReadOnly()) {
      throw new java.nio.ReadOnlyBufferException();
    }
    int at = dst.position();
    if (dst.remaining() < FrameHeader.SIZE + length) {
      throw new BufferOverflowException();
    }
    FrameHeader.write(FrameHeader.pack(length, requestId, streamId, streamFlags, typeCode, flags), dst, at);
    dst.put(at + FrameHeader.SIZE, payload, payload.position(), length);
    dst.position(at + FrameHeader.SIZE + length);
  }

  /**
   * {@link #encode(Frame, ByteBuffer)} after {@link #checkFrameSize(Frame, int)}: refuses a frame
   * the peer would reject.
   */
  public static void encode(Frame frame, ByteBuffer dst, int peerMaxFrameSize) {
    checkFrameSize(frame, peerMaxFrameSize);
    encode(frame, dst);
  }

  /** The encoded frame in a new array (same as {@link Frame#toBytes()}). */
  public static byte[] encode(Frame frame) {
    return frame.toBytes();
  }

  /**
   * Writes the 8 header bytes into {@code scratch} from its start and returns it flipped for
   * reading (position 0, limit 8). Reusing one scratch buffer per connection makes this allocation
   * free.
   *
   * @throws IllegalArgumentException when {@code scratch}'s capacity is below 8
   */
  public static ByteBuffer header(Frame frame, ByteBuffer scratch) {
    if (scratch.capacity() < FrameHeader.SIZE) {
      throw new IllegalArgumentException("header scratch needs " + FrameHeader.SIZE + " bytes, has " + scratch.capacity());
    }
    scratch.clear();
    frame.header().writeTo(scratch);
    return scratch.flip();
  }

  /**
   * The frame as two buffers for a gathering write: a new header buffer, and a read-only
   * duplicate of the payload (no copy; the frame's own payload position is not touched).
   */
  public static ByteBuffer[] gather(Frame frame) {
    return new ByteBuffer[] {
      header(frame, ByteBuffer.allocate(FrameHeader.SIZE)), frame.payload().duplicate()
    };
  }

  /**
   * Checks {@code FRAME-8} (SPEC.md §2.4): a sender never emits a payload longer than the peer's
   * maximum frame size.
   *
   * @return {@code frame}
   * @throws IllegalArgumentException when the payload is longer than {@code peerMaxFrameSize}
   */
  public static Frame checkFrameSize(Frame frame, int peerMaxFrameSize) {
    if (frame.header().payloadLength() > peerMaxFrameSize) {
      throw new IllegalArgumentException(Requirement.FRAME_SENDER_MAX_SIZE.id() + ": payload of "
          + frame.header().payloadLength() + " bytes exceeds the peer's maximum frame size "
          + peerMaxFrameSize + " (" + frame.header() + ")");
    }
    return frame;
  }
}
