package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.ResponseEmitter;
import org.framewire.streams.StreamRegistry;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * The server's output (SPEC.md §3, §4, §8.2): one outbound stream, opened with the first frame
 * sent and encoded with the profile the server prefers most among those the client listed (SET-3),
 * and the queue its frames wait in.
 *
 * <p>All responses share the stream and its one compression context (ENC-3). An encoder holds
 * input back, so if two responses fed it in turn, bytes of one could leave inside a frame of the
 * other. To keep every encoded frame decodable into its own request's bytes, the output tracks
 * which response last fed the encoder; before another response feeds it, that response's emitter
 * sends out what it holds and ends the encoder's member ({@link ResponseEmitter#writePreEncoded}
 * with nothing to splice). Responses that do not overlap never pay this: their output is exactly
 * what Mercurial's one-response-at-a-time server produces.
 */
final class ServerOutput {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final StreamRegistry registry;
  private final EncodingProfiles profiles;
  private final Supplier<List<String>> clientEncodings;
  private final int maxFrameSize;
  private final OutboundQueue queue = new OutboundQueue();
  private OutboundStream stream;
  /** The emitter whose input the encoder may still hold, or null. */
  private ResponseEmitter feeding;

  ServerOutput(StreamRegistry registry, ServerConfig config, Supplier<List<String>> clientEncodings) {
    this.registry = registry;
    this.profiles = config.encodings();
    this.clientEncodings = clientEncodings;
    this.maxFrameSize = config.maxFrameSize();
  }

  OutboundQueue queue() {
    return queue;
  }

  /**
   * The output stream, opened on first use with the negotiated profile; without a common profile
   * (a client listing only encodings this server lacks) the stream sends everything unencoded.
   */
  OutboundStream stream() {
    if (stream == null) {
      EncodingProfile profile = profiles.choose(clientEncodings.get()).orElse(null);
      stream = registry.openOutbound(profile, maxFrameSize, queue::add);
    }
    return stream;
  }

  /** Queues an error-response frame (ERR-1) for {@code requestId}, never encoded, and returns it. */
  Frame sendError(int requestId, String type, String message) {
    return sendRaw(requestId, FrameType.ERROR_RESPONSE, 0, ByteBuffer.wrap(ErrorPayloads.encode(type, message)));
  }

  /** Queues one unencoded frame and returns it. */
  Frame sendRaw(int requestId, FrameType type, int flags, ByteBuffer payload) {
    stream().sendRaw(requestId, type, flags, payload);
    return queue.last();
  }

  /** A new emitter for the response to {@code requestId}. */
  ResponseEmitter emitter(int requestId) {
    return new ResponseEmitter(stream(), requestId);
  }

  /** Called before {@code emitter} feeds the encoder: makes the previous feeder give up the encoder. */
  void feed(ResponseEmitter emitter) {
    if (feeding != null && feeding != emitter) {
      feeding.writePreEncoded(EMPTY.duplicate());
    }
    feeding = stream.transforms() ? emitter : null;
  }

  /** Called when {@code emitter} has sent everything the encoder held for it. */
  void released(ResponseEmitter emitter) {
    if (feeding == emitter) {
      feeding = null;
    }
  }

  /** Called when {@code emitter}'s response ends early: sends out what the encoder holds for it. */
  void abort(ResponseEmitter emitter) {
    if (feeding == emitter) {
      emitter.writePreEncoded(EMPTY.duplicate());
      feeding = null;
    }
  }
}
