package org.framewire.streams;

import java.nio.ByteBuffer;
import org.framewire.frames.Frame;
import org.framewire.spec.ProtocolException;

/**
 * Receives a frame's payload as an inbound stream delivers it: the payload itself for a frame
 * without the {@code encoded} flag or on an {@code identity} stream, or the decoded bytes, one
 * fixed-size buffer at a time, for an encoded frame (SPEC.md §4.3).
 *
 * <p>Called zero or more times per frame, in order. {@code bytes} is a read-only view valid only
 * during the call: the stream reuses the buffer for the next piece, so the sink consumes the bytes
 * (an incremental CBOR decoder's {@code feed} does) or copies them. A sink may throw a {@link
 * ProtocolException} when the bytes break a rule of its own layer; decoding stops there.
 */
@FunctionalInterface
public interface PayloadSink {

  /**
   * The next piece of {@code frame}'s payload.
   *
   * @param frame the frame the bytes belong to, as received (its header is the wire header)
   * @param bytes the next bytes; read-only, valid only during the call
   */
  void accept(Frame frame, ByteBuffer bytes) throws ProtocolException;
}
