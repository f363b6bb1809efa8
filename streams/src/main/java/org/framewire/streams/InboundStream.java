package org.framewire.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.ContentDecoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * One stream the peer opened, as this side receives it (SPEC.md §3, §4): its stream settings,
 * its one decoder context, and the decoded-size accounting of {@code ENC-6}.
 *
 * <p>{@link StreamRegistry#accept(Frame)} checks each frame against the stream's state and
 * consumes stream-settings frames; {@link #decode(Frame, PayloadSink)} then delivers the payload of
 * every other frame, decoded when the frame carries the {@code encoded} flag — applied only to
 * those frames, with one context across frames and requests ({@code ENC-3}). Decoding runs into a
 * fixed buffer of {@link StreamLimits#decodeBufferSize()} bytes, and the frame, request and stream
 * bounds are checked after each buffer, before its bytes reach the sink: a bomb stops at a bound
 * plus at most one buffer.
 *
 * <p>The decoder context is freed when the stream ends (after decoding its last frame), when a
 * decoding error occurs, and when the registry closes. Confined to one thread at a time; see the
 * package documentation.
 */
public final class InboundStream {

  private final StreamRegistry registry;
  private final int streamId;
  private final StreamLimits limits;

  private ByteArrayOutputStream settingsBytes;
  private boolean settingsComplete;
  private EncodingProfile profile;
  private ContentDecoder decoder;
  private boolean holdsContext;
  private boolean ended;
  private boolean released;

  private ByteBuffer buffer;
  private long streamDecoded;
  private final Map<Integer, long[]> requestDecoded = new HashMap<>();

  InboundStream(StreamRegistry registry, int streamId, StreamLimits limits) {
    this.registry = registry;
    this.streamId = streamId;
    this.limits = limits;
  }

  /** The stream id. */
  public int streamId() {
    return streamId;
  }

  /** The profile the stream settings chose; empty until they are complete. */
  public Optional<EncodingProfile> profile() {
    return Optional.ofNullable(profile);
  }

  /** Whether the stream's settings are complete, so frames may carry the {@code encoded} flag. */
  public boolean settingsComplete() {
    return settingsComplete;
  }

  /** Whether a frame with the end flag has been accepted on this stream. */
  public boolean ended() {
    return ended;
  }

  /** Whether the stream currently holds a decoder context (counted by the registry). */
  public boolean holdsDecoderContext() {
    return holdsContext;
  }

  /**
   * Bytes decoded so far from all encoded frames of the stream: those delivered, plus the last
   * buffer when a decoded-size bound refused it (so at most a bound plus one buffer).
   */
  public long decodedBytes() {
    return streamDecoded;
  }

  // ---- settings (connection thread, from StreamRegistry.accept) ----

  /** Takes one stream-settings frame; on the last one, sets the stream's decoder up. */
  void acceptSettings(Frame frame, EncodingProfiles profiles) throws ProtocolException {
    if (settingsComplete) {
      throw new ProtocolException(
          Requirement.ENC_SETTINGS_ONCE, "stream " + streamId + " already has its stream settings");
    }
    boolean more = frame.header().hasFlag(FrameType.FLAG_CONTINUATION);
    boolean eos = frame.header().hasFlag(FrameType.FLAG_EOS);
    if (more == eos) {
      throw new ProtocolException(
          Requirement.ENC_SETTINGS_FORMAT,
          "stream-settings frame must carry exactly one of continuation and eos");
    }
    int size = frame.payload().remaining();
    int have = settingsBytes == null ? 0 : settingsBytes.size();
    if ((long) have + size > limits.maxSettingsBytes()) {
      throw new ProtocolException(
          Requirement.SET_LIMIT,
          "stream settings of stream " + streamId + " exceed " + limits.maxSettingsBytes() + " bytes");
    }
    if (settingsBytes == null) {
      settingsBytes = new ByteArrayOutputStream(Math.max(16, size));
    }
    settingsBytes.write(frame.payloadBytes(), 0, size);
    if (more) {
      return;
    }
    StreamSettings settings = StreamSettings.parse(ByteBuffer.wrap(settingsBytes.toByteArray()));
    settingsBytes = null;
    EncodingProfile p =
        profiles
            .find(settings.profileName())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        Requirement.ENC_UNKNOWN_PROFILE,
                        "stream " + streamId + " names unknown profile " + settings.profileName()));
    if (!p.isIdentity()) {
      registry.reserveDecoderContext();
      try {
        decoder = p.newDecoder(settings.values());
      } catch (ProtocolException | RuntimeException e) {
        registry.releaseDecoderContext();
        throw e;
      }
      holdsContext = true;
    } else {
      p.newDecoder(settings.values()).close();
    }
    profile = p;
    settingsComplete = true;
  }

  void markEnded() {
    ended = true;
  }

  // ---- payload (any one thread at a time) ----

  /**
   * Delivers {@code frame}'s payload to {@code sink}: as is when the frame lacks the {@code
   * encoded} flag or the stream's profile is {@code identity}, decoded otherwise. Call it for
   * every frame {@link StreamRegistry#accept(Frame)} returned this stream for, in the order
   * accepted. After the stream's last frame, the decoder context is freed.
   *
   * @throws ProtocolException {@code ENC-6} when a decoded-size bound is crossed, {@code ENC-5}
   *     or {@code ENC-8} from the decoder, or whatever the sink throws; the stream's decoder
   *     context is freed and the stream is unusable afterwards
   */
  public void decode(Frame frame, PayloadSink sink) throws ProtocolException {
    if (frame.streamId() != streamId) {
      throw new IllegalArgumentException("frame of stream " + frame.streamId() + " given to stream " + streamId);
    }
    if (released) {
      throw new IllegalStateException(this + " has ended or failed; its context is released");
    }
    boolean ok = false;
    try {
      ByteBuffer payload = frame.payload();
      if (!frame.header().hasStreamFlag(StreamFlags.ENCODED)) {
        if (payload.hasRemaining()) {
          sink.accept(frame, payload.duplicate());
        }
      } else if (decoder == null) {
        // identity: the payload is its own decoding
        if (payload.hasRemaining()) {
          count(frame, payload.remaining(), payload.remaining());
          sink.accept(frame, payload.duplicate());
        }
      } else {
        decodeWith(frame, payload.duplicate(), sink);
      }
      if (frame.header().hasStreamFlag(StreamFlags.ENCODED)) {
        endRequestIfFinal(frame);
      }
      ok = true;
    } finally {
      if (!ok || frame.header().hasStreamFlag(StreamFlags.END)) {
        releaseContext();
      }
    }
  }

  private void decodeWith(Frame frame, ByteBuffer src, PayloadSink sink) throws ProtocolException {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(limits.decodeBufferSize());
    }
    long frameDecoded = 0;
    while (true) {
      buffer.clear();
      decoder.decode(src, buffer);
      boolean full = !buffer.hasRemaining();
      int n = buffer.position();
      if (n > 0) {
        frameDecoded += n;
        count(frame, n, frameDecoded);
        buffer.flip();
        sink.accept(frame, buffer.asReadOnlyBuffer());
      }
      if (!full) {
        return;
      }
    }
  }

  /**
   * Adds {@code n} decoded bytes of {@code frame} to the request and stream totals, then checks
   * the frame, request and stream bounds — before the bytes reach the sink.
   */
  private void count(Frame frame, int n, long frameDecoded) throws ProtocolException {
    long[] request = requestDecoded.computeIfAbsent(frame.requestId(), k -> new long[1]);
    request[0] += n;
    streamDecoded += n;
    if (frameDecoded > limits.maxDecodedFrameBytes()) {
      throw new ProtocolException(
          Requirement.ENC_DECODED_LIMIT,
          "a frame of stream " + streamId + " decodes to more than " + limits.maxDecodedFrameBytes() + " bytes");
    }
    if (request[0] > limits.maxDecodedRequestBytes()) {
      throw new ProtocolException(
          Requirement.ENC_DECODED_LIMIT,
          "request " + frame.requestId() + " decodes to more than " + limits.maxDecodedRequestBytes() + " bytes");
    }
    if (streamDecoded > limits.maxDecodedStreamBytes()) {
      throw new ProtocolException(
          Requirement.ENC_DECODED_LIMIT,
          "stream " + streamId + " decodes to more than " + limits.maxDecodedStreamBytes() + " bytes");
    }
  }

  /** Forgets a request's decoded total once its final frame has passed (§6.3). */
  private void endRequestIfFinal(Frame frame) {
    FrameType type = frame.type();
    boolean last =
        type == FrameType.ERROR_RESPONSE
            || ((type == FrameType.COMMAND_RESPONSE || type == FrameType.COMMAND_DATA)
                && frame.header().hasFlag(FrameType.FLAG_EOS));
    if (last) {
      requestDecoded.remove(frame.requestId());
    }
  }

  /** Frees the decoder context, if any. Idempotent; safe from the thread that drives the stream. */
  void releaseContext() {
    released = true;
    if (decoder != null) {
      ContentDecoder d = decoder;
      decoder = null;
      d.close();
    }
    if (holdsContext) {
      holdsContext = false;
      registry.releaseDecoderContext();
    }
    buffer = null;
  }

  @Override
  public String toString() {
    return "InboundStream[" + streamId + (profile == null ? "" : ", " + profile.name()) + (ended ? ", ended" : "") + "]";
  }
}
