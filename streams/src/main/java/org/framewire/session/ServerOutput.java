package org.framewire.session;

import java.nio.ByteBuffer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;

/**
 * The server's side of its one output stream (SPEC.md §3, §4): stream id 2, opened by the first
 * frame sent, and the outbound queue those frames wait in.
 */
final class ServerOutput {
  /** The server's output stream: the first even id (STREAM-1). */
  static final int STREAM_ID = 2;

  private final int maxFrameSize;
  private final OutboundQueue queue = new OutboundQueue();
  private boolean begun;

  ServerOutput(ServerConfig config) {
    this.maxFrameSize = config.maxFrameSize();
  }

  int maxFrameSize() {
    return maxFrameSize;
  }

  /** Queues an error-response frame (ERR-1) for {@code requestId}; never encoded. */
  Frame sendError(int requestId, String type, String message) {
    return send(requestId, FrameType.ERROR_RESPONSE, 0, ByteBuffer.wrap(ErrorPayloads.encode(type, message)));
  }

  /** Queues one unencoded frame, with stream-begin if it is the stream's first. */
  Frame send(int requestId, FrameType type, int flags, ByteBuffer payload) {
    int streamFlags = begun ? 0 : StreamFlags.BEGIN;
    begun = true;
    Frame f = Frame.of(requestId, STREAM_ID, streamFlags, type, flags, payload);
    queue.add(f);
    return f;
  }

  /**
   * Queues {@code data}, a response's bytes, as command-response frames of at most the frame size;
   * the last one carries eos when {@code end}, continuation otherwise. Ending with no data queues
   * one empty eos frame.
   */
  void responseData(int requestId, ByteBuffer data, boolean end) {
    ByteBuffer rest = data.duplicate();
    do {
      int n = Math.min(rest.remaining(), maxFrameSize);
      ByteBuffer chunk = rest.slice();
      chunk.limit(n);
      rest.position(rest.position() + n);
      boolean last = end && !rest.hasRemaining();
      if (n > 0 || last) {
        send(requestId, FrameType.COMMAND_RESPONSE, last ? FrameType.FLAG_EOS : FrameType.FLAG_CONTINUATION, chunk);
      }
    } while (rest.hasRemaining());
  }

  OutboundQueue queue() {
    return queue;
  }
}
