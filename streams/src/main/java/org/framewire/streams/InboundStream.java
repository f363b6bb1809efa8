package org.framewire.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.ContentDecoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * One stream the peer opened, as this side receives it (SPEC.md §3.3, §4): its state, its stream
 * settings, its one decoder context and the decoded-size accounting of {@code ENC-6}.
 *
 * <p>{@link StreamRegistry#accept(Frame)} checks each frame against the stream's state and
 * consumes stream-settings frames; {@link #decode(Frame, PayloadSink)} then delivers the payload of
 * every other frame — decoded when the frame carries the {@code encoded} flag, and only then, with
 * one context across frames and requests ({@code ENC-3}). Decoding runs into a fixed buffer of
 * {@link DecodeLimits#bufferSize()} bytes, and the frame, message and stream bounds are checked
 * after each buffer, before its bytes reach the sink: a bomb stops at a bound plus at most one
 * buffer.
 *
 * <p>The decoder context is freed after the stream's last frame is decoded, when decoding fails,
 * and when the registry closes. Confined to one thread at a time; see the package documentation.
 */
public final class InboundStream {

  /** The states of SPEC.md §3.3 a stream passes through while not closed. */
  public enum State {
    /** Opened; no stream settings yet: identity, and the {@code encoded} flag is not allowed. */
    OPEN,
    /** A stream-settings frame with {@code continuation} arrived; the rest is due ({@code ENC-9}). */
    SETTINGS,
    /** Stream settings complete: the decoder exists and the {@code encoded} flag is allowed. */
    ENCODING,
    /** A frame with {@code stream-end} was accepted. */
    CLOSED
  }

  /** The kinds of message of §1.2, counted apart ({@code ENC-6}). */
  private static final int COMMAND_REQUEST = 0;
  private static final int COMMAND_DATA = 1;
  private static final int RESPONSE = 2;

  private final StreamRegistry registry;
  private final int streamId;
  private final StreamLimits limits;
  private final DecodeLimits decodeLimits;

  private State state = State.OPEN;
  private ByteArrayOutputStream settingsBytes;
  private EncodingProfile profile;
  private ContentDecoder decoder;
  private boolean holdsContext;
  private boolean released;
  /** Whether the stream carried a frame other than stream settings (LIMIT-6); the registry's. */
  boolean carried;

  private ByteBuffer buffer;
  private long streamDecoded;
  /** Decoded bytes per message not yet ended, keyed by request id * 4 + message kind; made at the first count. */
  private MessageCounters messageDecoded;

  InboundStream(StreamRegistry registry, int streamId, StreamLimits limits) {
    this.registry = registry;
    this.streamId = streamId;
    this.limits = limits;
    this.decodeLimits = limits.decode();
  }

  /** The stream id. */
  public int streamId() {
    return streamId;
  }

  /** The stream's state as of the last accepted frame. */
  public State state() {
    return state;
  }

  /** The profile the stream settings chose; empty until they are complete. */
  public Optional<EncodingProfile> profile() {
    return Optional.ofNullable(profile);
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
    if (state == State.ENCODING) {
      throw ProtocolException.violation(Requirement.ENC_SETTINGS_ONCE, "stream %d already has its stream settings", streamId);
    }
    boolean more = !frame.header().eosOfExactlyOne(
        Requirement.ENC_SETTINGS_FORMAT, "stream-settings frame of stream " + streamId);
    if (more && frame.header().hasStreamFlag(StreamFlags.END)) {
      throw ProtocolException.violation(Requirement.ENC_SETTINGS_CONTIGUOUS, "stream %d ends while its stream settings announce more", streamId);
    }
    int size = frame.payload().remaining();
    int have = settingsBytes == null ? 0 : settingsBytes.size();
    if ((long) have + size > limits.maxSettingsBytes()) {
      throw ProtocolException.violation(Requirement.SET_LIMIT, "stream settings of stream %d exceed %d bytes", streamId, limits.maxSettingsBytes());
    }
    if (settingsBytes == null) {
      settingsBytes = new ByteArrayOutputStream(Math.max(16, size));
    }
    settingsBytes.write(frame.payloadBytes(), 0, size);
    if (more) {
      state = State.SETTINGS;
      return;
    }
    StreamSettings settings = StreamSettings.parse(ByteBuffer.wrap(settingsBytes.toByteArray()));
    settingsBytes = null;
    EncodingProfile p =
        profiles
            .find(settings.profileName())
            .orElseThrow(() -> ProtocolException.violation(
                Requirement.ENC_UNKNOWN_PROFILE, "stream %d names unknown profile %s", streamId, settings.profileName()));
    if (p.isIdentity()) {
      p.newDecoder(settings.values()).close();
    } else {
      registry.reserveDecoderContext();
      try {
        decoder = p.newDecoder(settings.values());
      } catch (ProtocolException | RuntimeException e) {
        registry.releaseDecoderContext();
        throw e;
      }
      holdsContext = true;
    }
    profile = p;
    state = State.ENCODING;
  }

  void markClosed() {
    state = State.CLOSED;
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
   * @throws IllegalStateException after the stream's last frame or a failure
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
      // A message's last frame is often empty and raw: forget the message on any frame.
      endMessageIfLast(frame);
      ok = true;
    } finally {
      if (!ok || frame.header().hasStreamFlag(StreamFlags.END)) {
        releaseContext();
      }
    }
  }

  private void decodeWith(Frame frame, ByteBuffer src, PayloadSink sink) throws ProtocolException {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(decodeLimits.bufferSize());
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
        if (src.hasRemaining()) {
          // a decoder returns with room left only once its input is used up
          throw ProtocolException.violation(Requirement.ENC_CORRUPT, "the %s decoder stopped with input left", profile.name());
        }
        return;
      }
    }
  }

  private static int kind(Frame frame) {
    FrameType t = frame.type();
    return t == FrameType.COMMAND_REQUEST ? COMMAND_REQUEST : t == FrameType.COMMAND_DATA ? COMMAND_DATA : RESPONSE;
  }

  private long messageLimit(int kind) {
    return switch (kind) {
      case COMMAND_REQUEST -> decodeLimits.perCommandRequest();
      case COMMAND_DATA -> decodeLimits.perCommandData();
      default -> decodeLimits.perResponse();
    };
  }

  /**
   * Adds {@code n} decoded bytes of {@code frame} to its message's and the stream's totals, then
   * checks the frame, message and stream bounds — before the bytes reach the sink.
   */
  private void count(Frame frame, int n, long frameDecoded) throws ProtocolException {
    int kind = kind(frame);
    if (messageDecoded == null) {
      messageDecoded = new MessageCounters();
    }
    long message = messageDecoded.add(frame.requestId() * 4 + kind, n);
    streamDecoded += n;
    if (frameDecoded > decodeLimits.perFrame()) {
      throw ProtocolException.violation(Requirement.ENC_DECODED_LIMIT,
          "a frame of stream %d decodes to more than %d bytes", streamId, decodeLimits.perFrame());
    }
    if (message > messageLimit(kind)) {
      throw ProtocolException.violation(Requirement.ENC_DECODED_LIMIT,
          "a message of request %d decodes to more than %d bytes", frame.requestId(), messageLimit(kind));
    }
    if (streamDecoded > decodeLimits.perStream()) {
      throw ProtocolException.violation(Requirement.ENC_DECODED_LIMIT,
          "stream %d decodes to more than %d bytes", streamId, decodeLimits.perStream());
    }
  }

  /** Forgets a message's decoded total once its last frame has passed (§1.2, §6). */
  private void endMessageIfLast(Frame frame) {
    if (messageDecoded == null) {
      return; // nothing decoded was counted: an unencoded stream reads no counter table
    }
    FrameType type = frame.type();
    int base = frame.requestId() * 4;
    if (type == FrameType.COMMAND_REQUEST) {
      if (!frame.header().hasFlag(FrameType.FLAG_MORE)) {
        messageDecoded.remove(base + COMMAND_REQUEST);
      }
    } else if (type == FrameType.COMMAND_DATA || type == FrameType.COMMAND_RESPONSE) {
      if (frame.header().hasFlag(FrameType.FLAG_EOS)) {
        messageDecoded.remove(base + kind(frame));
      }
    } else if (type == FrameType.ERROR_RESPONSE) {
      // an error-response ends its request (ERR-4), whatever messages were under way
      messageDecoded.remove(base + COMMAND_REQUEST);
      messageDecoded.remove(base + COMMAND_DATA);
      messageDecoded.remove(base + RESPONSE);
    }
  }

  /** Frees the decoder context, if any, and refuses further decoding. Idempotent. */
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
    return "InboundStream[" + streamId + ", " + state.name().toLowerCase()
        + (profile == null ? "" : ", " + profile.name()) + "]";
  }
}
