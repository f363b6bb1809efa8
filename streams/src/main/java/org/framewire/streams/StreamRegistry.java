package org.framewire.streams;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * The streams of one side of one connection (SPEC.md §3): the streams the peer opened, which
 * this side receives, and the streams this side opened to send on.
 *
 * <p>Both are tables indexed by the 8-bit stream id, so finding a frame's stream is one array
 * load. Ids are reused: once a stream ends its slot is free, and the peer may open the id again
 * with {@code stream-begin} ({@code STREAM-4}); this side's own ids are allocated round-robin over
 * its parity, so a just-released id is the last to come back.
 *
 * <h2>Inbound state machine</h2>
 *
 * <pre>
 *   closed --frame with begin--> open --frame with end--> closed
 *   closed --frame without begin--> error STREAM-2 (never opened) / STREAM-4 (ended before)
 *   open   --frame with begin--> error STREAM-3
 *   open   --stream-settings (continuation ... eos)--> open, settings complete (decoder set up)
 *   open, settings complete --stream-settings--> error ENC-7
 *   open, settings incomplete --frame with encoded--> error STREAM-5
 * </pre>
 *
 * <p>Every violation is a {@link ProtocolException} naming its requirement. The first one is
 * sticky: the connection must be torn down ({@code ERR-2}), so every later {@link #accept} throws
 * it again. Limits ({@link StreamLimits}): open inbound streams and live decoder contexts ({@code
 * STREAM-6}), stream-settings bytes ({@code SET-4}), decoded bytes per frame, request and stream
 * ({@code ENC-6}).
 *
 * <p>Threading: not thread-safe, except {@link #openOutbound}, {@link #outbound(int)}, the
 * release of an outbound id when its stream ends, and the decoder-context count, which streams
 * driven on other threads touch; see the package documentation. {@link #close()} the registry
 * when the connection closes, once no thread drives its streams: it frees every native context.
 */
public final class StreamRegistry implements AutoCloseable {

  private static final int IDS = 256;

  private final Side side;
  private final StreamLimits limits;
  private final EncodingProfiles profiles;

  private final InboundStream[] inbound = new InboundStream[IDS];
  private final boolean[] inboundUsed = new boolean[IDS];
  private int openInbound;
  private final AtomicInteger liveDecoders = new AtomicInteger();
  private ProtocolException failure;

  private final Object outboundLock = new Object();
  private final OutboundStream[] outbound = new OutboundStream[IDS];
  private int openOutbound;
  private int nextOutboundId;

  private volatile boolean closed;

  /** A registry for {@code side} with the default limits and the built-in profiles. */
  public StreamRegistry(Side side) {
    this(side, StreamLimits.DEFAULT, EncodingProfiles.defaults());
  }

  public StreamRegistry(Side side, StreamLimits limits, EncodingProfiles profiles) {
    this.side = side;
    this.limits = limits;
    this.profiles = profiles;
    this.nextOutboundId = side.firstId();
  }

  public Side side() {
    return side;
  }

  public StreamLimits limits() {
    return limits;
  }

  public EncodingProfiles profiles() {
    return profiles;
  }

  // ---- inbound ----

  /**
   * Checks a received frame against its stream's state and advances that state. A
   * stream-settings frame is consumed here (the stream's decoder is set up by its last frame) and
   * the result is {@code null}; for any other frame the result is its stream, whose {@link
   * InboundStream#decode} must then be called with the frame — on this thread or on the thread
   * that drives the stream.
   *
   * @throws ProtocolException for a violation of {@code STREAM-1..6}, {@code ENC-1}, {@code ENC-2},
   *     {@code ENC-7}, {@code SET-4} or {@code FRAME-5}, or a malformed settings payload ({@code
   *     CBOR-1}, {@code CBOR-2}); sticky
   */
  public InboundStream accept(Frame frame) throws ProtocolException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IllegalStateException("registry closed");
    }
    try {
      return doAccept(frame);
    } catch (ProtocolException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Accepts {@code frame} and, unless it was a stream-settings frame, delivers its payload to
   * {@code sink}, decoded as its stream's settings say — all on the calling thread.
   *
   * @return false when the frame was a stream-settings frame, consumed here; true when it was
   *     delivered (the sink is called zero or more times)
   * @throws ProtocolException as {@link #accept} and {@link InboundStream#decode}; sticky
   */
  public boolean receive(Frame frame, PayloadSink sink) throws ProtocolException {
    InboundStream s = accept(frame);
    if (s == null) {
      return false;
    }
    try {
      s.decode(frame, sink);
    } catch (ProtocolException e) {
      failure = e;
      throw e;
    }
    return true;
  }

  private InboundStream doAccept(Frame frame) throws ProtocolException {
    int id = frame.streamId();
    int flags = frame.streamFlags();
    if ((flags & ~StreamFlags.DEFINED) != 0) {
      throw new ProtocolException(
          Requirement.FRAME_STREAM_FLAGS_DEFINED, "undefined stream flags 0x" + Integer.toHexString(flags));
    }
    if (!side.peer().opens(id)) {
      throw new ProtocolException(
          Requirement.STREAM_ID_PARITY,
          "a " + side.name().toLowerCase() + " does not receive on stream " + id);
    }
    boolean begin = (flags & StreamFlags.BEGIN) != 0;
    InboundStream s = inbound[id];
    if (s == null) {
      if (!begin) {
        throw inboundUsed[id]
            ? new ProtocolException(
                Requirement.STREAM_END_CLOSES, "frame on ended stream " + id + " without stream-begin")
            : new ProtocolException(
                Requirement.STREAM_BEGIN_FIRST, "first frame on stream " + id + " lacks stream-begin");
      }
      if (openInbound >= limits.maxOpenStreams()) {
        throw new ProtocolException(
            Requirement.STREAM_OPEN_LIMIT,
            "stream " + id + " would exceed " + limits.maxOpenStreams() + " open streams");
      }
      s = new InboundStream(this, id, limits);
      inbound[id] = s;
      inboundUsed[id] = true;
      openInbound++;
    } else if (begin) {
      throw new ProtocolException(
          Requirement.STREAM_BEGIN_ONCE, "stream-begin on stream " + id + ", which is open");
    }

    boolean encoded = (flags & StreamFlags.ENCODED) != 0;
    InboundStream result;
    if (frame.type() == FrameType.STREAM_SETTINGS) {
      if (encoded && !s.settingsComplete()) {
        throw encodedTooEarly(id);
      }
      s.acceptSettings(frame, profiles);
      result = null;
    } else {
      if (encoded && !s.settingsComplete()) {
        throw encodedTooEarly(id);
      }
      result = s;
    }

    if ((flags & StreamFlags.END) != 0) {
      inbound[id] = null;
      openInbound--;
      s.markEnded();
      if (result == null) {
        s.releaseContext();
      }
    }
    return result;
  }

  private static ProtocolException encodedTooEarly(int id) {
    return new ProtocolException(
        Requirement.STREAM_ENCODED_NEEDS_SETTINGS,
        "encoded frame on stream " + id + " before its stream settings are complete");
  }

  /** The open inbound stream with this id, or {@code null}. */
  public InboundStream inbound(int streamId) {
    return streamId >= 0 && streamId < IDS ? inbound[streamId] : null;
  }

  /** Inbound streams open now. */
  public int openInboundStreams() {
    return openInbound;
  }

  /** Decoder contexts alive now (thread-safe). */
  public int liveDecoderContexts() {
    return liveDecoders.get();
  }

  void reserveDecoderContext() throws ProtocolException {
    while (true) {
      int n = liveDecoders.get();
      if (n >= limits.maxDecoderContexts()) {
        throw new ProtocolException(
            Requirement.STREAM_OPEN_LIMIT,
            "a decoder context would exceed " + limits.maxDecoderContexts() + " live contexts");
      }
      if (liveDecoders.compareAndSet(n, n + 1)) {
        return;
      }
    }
  }

  void releaseDecoderContext() {
    liveDecoders.decrementAndGet();
  }

  // ---- outbound ----

  /**
   * Opens a stream to send on, with the next free id of this side's parity. Thread-safe.
   *
   * @param profile the stream's encoding, or {@code null} for a stream that encodes nothing
   * @param maxFrameSize the peer's maximum frame size; see {@link
   *     OutboundStream#DEFAULT_MAX_FRAME_SIZE}
   * @param sink receives every frame of the stream, in order
   * @throws IllegalStateException when every id of this side's parity is in use, or the registry
   *     is closed
   */
  public OutboundStream openOutbound(EncodingProfile profile, int maxFrameSize, Consumer<Frame> sink) {
    synchronized (outboundLock) {
      if (closed) {
        throw new IllegalStateException("registry closed");
      }
      int id = nextOutboundId;
      for (int tries = 0; tries < IDS / 2; tries++) {
        if (outbound[id] == null && side.opens(id)) {
          OutboundStream s = new OutboundStream(this, id, profile, maxFrameSize, sink);
          outbound[id] = s;
          openOutbound++;
          nextOutboundId = advance(id);
          return s;
        }
        id = advance(id);
      }
      throw new IllegalStateException("all stream ids of a " + side.name().toLowerCase() + " are in use");
    }
  }

  private int advance(int id) {
    int next = id + 2;
    return next > 0xFF ? side.firstId() : next;
  }

  /** The open outbound stream with this id, or {@code null}. Thread-safe. */
  public OutboundStream outbound(int streamId) {
    synchronized (outboundLock) {
      return streamId >= 0 && streamId < IDS ? outbound[streamId] : null;
    }
  }

  /** Outbound streams open now. Thread-safe. */
  public int openOutboundStreams() {
    synchronized (outboundLock) {
      return openOutbound;
    }
  }

  void release(OutboundStream s) {
    synchronized (outboundLock) {
      if (outbound[s.streamId()] == s) {
        outbound[s.streamId()] = null;
        openOutbound--;
      }
    }
  }

  // ---- lifecycle ----

  /**
   * Frees every stream's context, inbound and outbound, and refuses further use. Call it when the
   * connection closes, once no thread drives its streams. Idempotent.
   */
  @Override
  public void close() {
    OutboundStream[] toClose;
    synchronized (outboundLock) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = outbound.clone();
    }
    for (OutboundStream s : toClose) {
      if (s != null) {
        s.close();
      }
    }
    for (int id = 0; id < IDS; id++) {
      InboundStream s = inbound[id];
      if (s != null) {
        s.releaseContext();
        inbound[id] = null;
      }
    }
    openInbound = 0;
  }

  @Override
  public String toString() {
    return "StreamRegistry[" + side.name().toLowerCase() + ", " + openInbound + " in, " + openOutboundStreams() + " out]";
  }
}
