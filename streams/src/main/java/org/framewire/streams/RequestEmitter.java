package org.framewire.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.FrameType;

/**
 * Sends a client's command requests in the encoding of its {@link OutboundStream} (SPEC.md §6.1,
 * §6.2, §4.3): the request map in command-request frames, then the command data, if any, in
 * command-data frames, both messages through the stream's one encoder context ({@code ENC-3}), each
 * flushed with its last encoded frame ({@code ENC-4}).
 *
 * <ul>
 *   <li>The request map goes through the encoder and a flush; the output is cut into frames of at
 *       most the maximum frame size, flagged as {@code CommandFramer} flags a request's frames
 *       ({@code CMD-2}, {@code CMD-5}): {@code new} on the first and {@code continuation} on the
 *       others, {@code more} on all but the last, {@code have-data} on all when data follows. A
 *       map of more than 2^24 bytes goes in parts, each followed by a flush point that ends a
 *       frame ({@code ENC-11}).
 *   <li>The command data goes through a {@link ResponseEmitter} of command-data frames: the
 *       buffering and splitting of a response, a flush point ending a frame after every 2^24 input
 *       bytes ({@code ENC-11}), and the last frame flagged {@code eos}.
 * </ul>
 *
 * <p>The stream sends its stream settings before the first encoded frame ({@link
 * OutboundStream#send}, {@code ENC-7}). On an {@code identity} stream the bytes travel unchanged
 * with the {@code encoded} flag. A stream without profile has nothing to encode: its requests are
 * {@code CommandFramer}'s, byte for byte what Mercurial's client sends. Confined to the stream's
 * thread.
 */
public final class RequestEmitter {

  private RequestEmitter() {}

  /**
   * Sends one request on {@code stream}.
   *
   * @param request the encoded request map ({@code CommandRequest.encode()})
   * @param data the command data, its remaining bytes (read now; its position does not move), or
   *     {@code null} for a request without data
   * @throws IllegalArgumentException when the stream has no encoding profile
   */
  public static void send(OutboundStream stream, int requestId, byte[] request, ByteBuffer data) {
    if (!stream.encodes()) {
      throw new IllegalArgumentException(
          "stream " + stream.streamId() + " has no encoding profile: its requests are CommandFramer's");
    }
    List<ByteBuffer> payloads = requestPayloads(stream, request);
    int haveData = data == null ? 0 : FrameType.FLAG_HAVE_DATA;
    for (int i = 0; i < payloads.size(); i++) {
      boolean last = i == payloads.size() - 1;
      int flags = (i == 0 ? FrameType.FLAG_NEW : FrameType.FLAG_REQUEST_CONTINUATION)
          | (last ? 0 : FrameType.FLAG_MORE) | haveData;
      stream.send(requestId, FrameType.COMMAND_REQUEST, flags, payloads.get(i), true, false);
    }
    if (data != null) {
      ResponseEmitter emitter = new ResponseEmitter(stream, requestId, FrameType.COMMAND_DATA);
      emitter.begin(ByteBuffer.allocate(0));
      emitter.write(data.duplicate());
      emitter.end(false);
    }
  }

  /** The request map's frame payloads, in the stream's encoding; each flush point ends a frame. */
  private static List<ByteBuffer> requestPayloads(OutboundStream stream, byte[] request) {
    List<ByteBuffer> payloads = new ArrayList<>();
    int max = stream.maxFrameSize();
    for (int at = 0; at < request.length; ) {
      int n = Math.min(request.length - at, stream.inputAllowance());
      ByteBuffer part = ByteBuffer.wrap(request, at, n);
      at += n;
      byte[] out = stream.transforms() ? encodeAndFlush(stream, part) : request;
      int from = stream.transforms() ? 0 : part.position();
      int to = stream.transforms() ? out.length : part.limit();
      for (int p = from; p < to; p += max) {
        payloads.add(ByteBuffer.wrap(out, p, Math.min(max, to - p)).slice());
      }
    }
    return payloads;
  }

  /** Everything the encoder emits for {@code part} and the flush after it. */
  private static byte[] encodeAndFlush(OutboundStream stream, ByteBuffer part) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer dst = ByteBuffer.allocate(64 << 10);
    while (part.hasRemaining()) {
      stream.encode(part, dst);
      drain(dst, out);
    }
    boolean done;
    do {
      done = stream.flush(dst);
      drain(dst, out);
    } while (!done);
    return out.toByteArray();
  }

  private static void drain(ByteBuffer dst, ByteArrayOutputStream out) {
    out.write(dst.array(), 0, dst.position());
    dst.clear();
  }
}
