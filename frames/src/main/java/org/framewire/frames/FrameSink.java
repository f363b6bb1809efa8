package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import java.nio.ByteBuffer;

/**
 * Receives decoded frames from {@link FrameDecoder#decode(ByteBuffer, FrameSink)}, the push-style,
 * allocation-free decoding path (SPEC.md §2.1, §2.5): the header arrives as its primitive fields
 * and the payload as a read-only view, with no {@link Frame} or {@link FrameHeader} object made.
 *
 * <p>The header has already passed the decoder's checks ({@code FRAME-2}, and unless disabled
 * {@code FRAME-3}, {@code FRAME-5}, {@code FRAME-4}). The {@code payload} buffer is valid only for
 * the duration of the call: the decoder reuses the same view object for the next frame. Read it
 * (or copy it, or {@link ByteBuffer#duplicate()} it while the fed buffer stays untouched) before
 * returning; its position may be moved freely.
 */
@FunctionalInterface
public interface FrameSink {

  /**
   * One decoded frame.
   *
   * @param requestId 0 to 65535
   * @param streamId 0 to 255
   * @param streamFlags the stream flag bits ({@link StreamFlags})
   * @param typeCode the frame type code ({@link FrameType#fromCode(int)})
   * @param flags the frame flag bits, meaning per type
   * @param payload read-only view whose remaining bytes are exactly the payload (its position is
   *     where the payload starts in the fed buffer, not 0), valid only during this call
   * @throws ProtocolException when the receiver rejects the frame; it propagates out of {@code
   *     decode}, and the decoder is left as it was after this frame
   */
  void frame(int requestId, int streamId, int streamFlags, int typeCode, int flags, ByteBuffer payload)
      throws ProtocolException;

  /** A sink that builds a {@link Frame} for each call: the bridge to frame-object consumers. */
  static FrameSink of(java.util.function.Consumer<Frame> frames) {
    return (requestId, streamId, streamFlags, typeCode, flags, payload) -> {
      ByteBuffer own = ByteBuffer.allocate(payload.remaining());
      own.put(payload.duplicate()).flip();
      frames.accept(new Frame(
          new FrameHeader(own.remaining(), requestId, streamId, streamFlags, typeCode, flags), own.asReadOnlyBuffer()));
    };
  }
}
