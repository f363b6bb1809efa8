package org.framewire.streams;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;

/**
 * One stream this side sends on (SPEC.md §3, §4): it sets the stream flags, announces its
 * encoding and owns the stream's one encoder context.
 *
 * <ul>
 *   <li>The first frame carries {@code stream-begin} (§3.2); the frame sent with {@code
 *       endStream} carries {@code stream-end}, frees the encoder context and releases the id.
 *   <li>With a profile, the stream-settings frame — the profile name, then the profile's values,
 *       flagged {@code eos} — goes out just before the first frame with the {@code encoded} flag
 *       ({@code ENC-7}, {@code STREAM-5}), with that frame's request id, as Mercurial's reactor
 *       does.
 *   <li>Each frame is one of three kinds: <em>raw</em> ({@link #sendRaw}: flag clear, payload
 *       untouched), <em>encoded</em> ({@link #send} with {@code encoded}: the payload is output of
 *       this stream's {@link #encode}/{@link #flush}/{@link #endMember}), or <em>pre-encoded</em>
 *       ({@link #sendPreEncoded}: complete members encoded elsewhere — e.g. cached zstd frames —
 *       passed through without a copy, between members of this stream's own output). Only
 *       command-request, command-data and command-response frames may be encoded ({@code
 *       STREAM-7}).
 *   <li>One encoder context serves the whole stream, across any number of requests and
 *       responses ({@code ENC-3}); the caller flushes it with the last encoded frame of each
 *       message ({@code ENC-4}) and at least every 2^24 input bytes ({@code ENC-11}) — {@link
 *       ResponseEmitter} does all of this for responses, {@link RequestEmitter} for a client's requests.
 * </ul>
 *
 * <p>With the {@code identity} profile there is no context: payloads carry the {@code encoded}
 * flag (as Mercurial's do) but pass through unchanged. Without a profile, nothing may be encoded.
 *
 * <p>Frames go to the sink given at creation, on the calling thread. Confined to one thread at a
 * time; see the package documentation.
 */
public final class OutboundStream implements AutoCloseable {

  /** Mercurial's default maximum frame size, 32 KiB ({@code DEFAULT_MAX_FRAME_SIZE}). */
  public static final int DEFAULT_MAX_FRAME_SIZE = 32768;

  /**
   * The most input the encoder takes between two flush points, 2^24 bytes ({@code ENC-11}), so
   * that no encoded frame decodes to more than that.
   */
  public static final int MAX_INPUT_BETWEEN_FLUSHES = 1 << 24;

  private final StreamRegistry registry;
  private final int streamId;
  private final EncodingProfile profile;
  private final ContentEncoder encoder;
  private final int maxFrameSize;
  private final Consumer<Frame> sink;

  private boolean begun;
  private boolean settingsSent;
  private boolean ended;
  private boolean closed;
  /** Input went into the encoder since its member began. */
  private boolean memberOpen;
  /** Input went into the encoder since the last flush or member end. */
  private boolean unflushed;
  /** Bytes fed to the encoder since the last flush point ({@code ENC-11}). */
  private int inputSinceFlush;
  /** A zlib-like context's one member has ended: only the stream's end may follow. */
  private boolean finished;
  /** The message whose input the encoder holds unflushed ({@code ENC-4}); null when none. */
  private Object messageOwner;

  OutboundStream(
      StreamRegistry registry, int streamId, EncodingProfile profile, int maxFrameSize, Consumer<Frame> sink) {
    if (maxFrameSize < 1 || maxFrameSize > FrameHeader.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 1..2^24-1");
    }
    this.registry = registry;
    this.streamId = streamId;
    this.profile = profile;
    this.maxFrameSize = maxFrameSize;
    this.sink = sink;
    this.encoder = profile == null || profile.isIdentity() ? null : profile.newEncoder();
  }

  /** The stream id. */
  public int streamId() {
    return streamId;
  }

  /** The stream's encoding profile; empty for a stream that encodes nothing. */
  public Optional<EncodingProfile> profile() {
    return Optional.ofNullable(profile);
  }

  /** The largest payload this stream sends: the peer's maximum frame size ({@code FRAME-8}). */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Whether the stream has a profile, so its data frames carry the {@code encoded} flag. */
  public boolean encodes() {
    return profile != null;
  }

  /** Whether the profile transforms bytes, i.e. the stream holds an encoder context. */
  public boolean transforms() {
    return encoder != null;
  }

  /** Whether the stream-settings frame has been sent. */
  public boolean settingsSent() {
    return settingsSent;
  }

  /** Whether the frame carrying {@code stream-end} has been sent. */
  public boolean ended() {
    return ended;
  }

  /**
   * Whether the encoder sits between members, so pre-encoded members may follow: nothing has been
   * encoded since the stream began or since the last {@link #endMember}. Always true without a
   * context.
   */
  public boolean atMemberBoundary() {
    return !memberOpen;
  }

  /**
   * Whether pre-encoded members may be sent on this stream: it has no profile, or its profile
   * {@linkplain EncodingProfile#supportsMembers() supports members}.
   */
  public boolean acceptsPreEncoded() {
    return profile == null || profile.supportsMembers();
  }

  /**
   * Input bytes the encoder still takes before the next flush point ({@code ENC-11}); {@link
   * #MAX_INPUT_BETWEEN_FLUSHES} right after a flush.
   */
  public int inputAllowance() {
    return MAX_INPUT_BETWEEN_FLUSHES - inputSinceFlush;
  }

  // ---- the encoder context ----

  /**
   * Encodes {@code src} into {@code dst}; see {@link ContentEncoder#encode}. Returns once all of
   * {@code src} is consumed or {@code dst} is full.
   *
   * @throws IllegalArgumentException when {@code src} holds more than {@link #inputAllowance()}
   *     bytes: flush first ({@code ENC-11})
   * @throws IllegalStateException when the stream has no encoder context, has ended, or its one
   *     member is finished
   */
  public void encode(ByteBuffer src, ByteBuffer dst) {
    ContentEncoder e = context();
    if (finished) {
      throw new IllegalStateException("stream " + streamId + " finished its encoding; only its end may follow");
    }
    int n = src.remaining();
    if (n > inputAllowance()) {
      throw new IllegalArgumentException(
          n + " bytes exceed the " + inputAllowance() + " the encoder takes before its next flush point (ENC-11)");
    }
    if (n > 0) {
      memberOpen = true;
      unflushed = true;
    }
    e.encode(src, dst);
    inputSinceFlush += n - src.remaining();
  }

  /**
   * Flushes the encoder so the peer can decode everything encoded so far ({@code ENC-4}); see
   * {@link ContentEncoder#flush}. Without new input since the last flush it writes nothing.
   *
   * @return true when complete; false when {@code dst} filled first
   */
  public boolean flush(ByteBuffer dst) {
    ContentEncoder e = context();
    if (!unflushed) {
      return true;
    }
    boolean done = e.flush(dst);
    if (done) {
      unflushed = false;
      inputSinceFlush = 0;
    }
    return done;
  }

  /**
   * Completes the current member; see {@link ContentEncoder#endMember}. Without an open member it
   * writes nothing. For a profile without {@linkplain EncodingProfile#supportsMembers() members}
   * (zlib) this finishes the stream's encoding: the frame carrying the output must end the stream.
   *
   * @return true when complete; false when {@code dst} filled first
   */
  public boolean endMember(ByteBuffer dst) {
    ContentEncoder e = context();
    if (!memberOpen) {
      return true;
    }
    boolean done = e.endMember(dst);
    if (done) {
      memberOpen = false;
      unflushed = false;
      inputSinceFlush = 0;
      finished = !profile.supportsMembers();
    }
    return done;
  }

  /**
   * Marks {@code owner} as the message whose input the encoder holds until its flush ({@code
   * ENC-4}: all encoded frames between two flush points belong to one message).
   *
   * @throws IllegalStateException when another message holds the encoder
   */
  void claim(Object owner) {
    if (messageOwner != null && messageOwner != owner) {
      throw new IllegalStateException(
          "stream " + streamId + " is encoding another message; messages may not interleave inside the encoding (ENC-4)");
    }
    messageOwner = owner;
  }

  /** Ends {@code owner}'s hold on the encoder, once its input is flushed. */
  void release(Object owner) {
    if (messageOwner == owner) {
      messageOwner = null;
    }
  }

  /**
   * A cleared heap buffer of {@link #maxFrameSize()} bytes for an emitter to fill, so that a
   * response does not allocate (and zero) one maximum-size buffer of its own: a pooled one when
   * there is one ({@link WorkBufferPool}), else a new one. The stream itself keeps none between
   * responses, so an idle stream holds no work buffer.
   */
  ByteBuffer borrowBuffer() {
    return WorkBufferPool.take(maxFrameSize);
  }

  /**
   * Takes back a buffer from {@link #borrowBuffer()} that no frame refers to, for the next
   * response of any stream; {@code null} is ignored.
   */
  void returnBuffer(ByteBuffer b) {
    if (b != null && b.capacity() == maxFrameSize) {
      WorkBufferPool.give(b);
    }
  }

  private ContentEncoder context() {
    ensureOpen();
    if (encoder == null) {
      throw new IllegalStateException("stream " + streamId + " has no encoder context");
    }
    return encoder;
  }

  // ---- frames ----

  /** Sends a frame without the {@code encoded} flag; its payload (not copied) travels as is. */
  public void sendRaw(int requestId, FrameType type, int flags, ByteBuffer payload) {
    send(requestId, type, flags, payload, false, false);
  }

  /**
   * Sends a frame.
   *
   * @param encoded whether the payload is in the stream's encoding (output of this stream's
   *     encoder, or a payload on an {@code identity} stream): sets the {@code encoded} flag,
   *     sending the stream settings first if they are due
   * @param endStream whether this is the stream's last frame: sets {@code stream-end}, then frees
   *     the encoder and releases the id
   * @throws IllegalArgumentException when the payload exceeds {@link #maxFrameSize()} ({@code
   *     FRAME-8}), or {@code encoded} is asked of a type that may not carry it ({@code STREAM-7})
   * @throws IllegalStateException when {@code encoded} is asked of a stream without profile,
   *     when ending a stream whose encoder holds unflushed input, or after the stream ended
   */
  public void send(int requestId, FrameType type, int flags, ByteBuffer payload, boolean encoded, boolean endStream) {
    ensureOpen();
    if (payload.remaining() > maxFrameSize) {
      throw new IllegalArgumentException(
          "payload of " + payload.remaining() + " bytes exceeds the maximum frame size " + maxFrameSize);
    }
    if (encoded && !StreamRegistry.ENCODABLE.contains(type)) {
      throw new IllegalArgumentException("a " + type + " frame may not carry encoded (STREAM-7)");
    }
    if (encoded && profile == null) {
      throw new IllegalStateException("stream " + streamId + " has no encoding profile");
    }
    if (endStream && unflushed) {
      throw new IllegalStateException("stream " + streamId + " would end with unflushed encoder input");
    }
    if (encoded && !settingsSent) {
      sendSettings(requestId);
    }
    int streamFlags = begun ? 0 : StreamFlags.BEGIN;
    if (encoded) {
      streamFlags |= StreamFlags.ENCODED;
    }
    if (endStream) {
      streamFlags |= StreamFlags.END;
    }
    Frame frame = Frame.of(requestId, streamId, streamFlags, type, flags, payload);
    begun = true;
    emit(frame);
    if (endStream) {
      ended = true;
      close();
    }
  }

  /**
   * Sends pre-encoded bytes through untouched (no copy: the frame's payload is a view of {@code
   * member}, which must not change until the frame is written). The bytes must be complete
   * members of the stream's format — whole zstd frames with a window of at most 8 MiB, anything
   * on {@code identity} — and the encoder must be {@linkplain #atMemberBoundary() between
   * members}: call {@link #endMember} first. On a stream without profile the frame is raw.
   *
   * @throws IllegalStateException when the profile has no members ({@link #acceptsPreEncoded()}),
   *     or the encoder is inside a member
   */
  public void sendPreEncoded(int requestId, FrameType type, int flags, ByteBuffer member) {
    ensureOpen();
    if (!acceptsPreEncoded()) {
      throw new IllegalStateException(profile.name() + " streams carry no pre-encoded members (SPEC.md 4.2)");
    }
    if (memberOpen) {
      throw new IllegalStateException("stream " + streamId + " is inside a member; end it before splicing");
    }
    send(requestId, type, flags, member, profile != null, false);
  }

  private void sendSettings(int requestId) {
    ByteBuffer payload = ByteBuffer.wrap(StreamSettings.of(profile).encode());
    while (true) {
      int n = Math.min(maxFrameSize, payload.remaining());
      ByteBuffer part = payload.slice();
      part.limit(n);
      payload.position(payload.position() + n);
      boolean last = !payload.hasRemaining();
      Frame frame =
          Frame.of(
              requestId,
              streamId,
              begun ? 0 : StreamFlags.BEGIN,
              FrameType.STREAM_SETTINGS,
              last ? FrameType.FLAG_EOS : FrameType.FLAG_CONTINUATION,
              part);
      begun = true;
      emit(frame);
      if (last) {
        break;
      }
    }
    settingsSent = true;
  }

  private void emit(Frame frame) {
    sink.accept(frame);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("stream " + streamId + (ended ? " has ended" : " is closed"));
    }
  }

  /**
   * Frees the encoder context and releases the stream id without sending anything: for a
   * connection that is closing or aborting. Idempotent. A stream ended with {@code endStream}
   * closes itself.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (encoder != null) {
      encoder.close();
    }
    registry.release(this);
  }

  @Override
  public String toString() {
    return "OutboundStream[" + streamId + (profile == null ? "" : ", " + profile.name()) + (ended ? ", ended" : "") + "]";
  }
}
