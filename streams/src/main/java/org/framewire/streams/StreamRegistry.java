package org.framewire.streams;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
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
 * <h2>Inbound state machine (SPEC.md §3.3)</h2>
 *
 * <pre>
 *   closed   --frame with stream-begin-------------------> open (then processed as open)
 *   closed   --frame without stream-begin----------------> STREAM-2
 *   not closed --frame with stream-begin-----------------> STREAM-3
 *   any      --encoded error-response, text-output, progress or settings frame--> STREAM-7
 *   open, settings --frame with encoded------------------> STREAM-5
 *   open, settings --stream-settings, continuation-------> settings
 *   open, settings --stream-settings, eos----------------> encoding (decoder created)
 *   settings --any other frame--------------------------> ENC-9
 *   encoding --stream-settings---------------------------> ENC-7
 *   any      --frame with stream-end---------------------> closed, after its payload is processed
 * </pre>
 *
 * <p>The checks run in the order of SPEC.md §7.2: stream flags ({@code FRAME-5}), stream id
 * ({@code STREAM-1}), then {@code STREAM-2}, {@code STREAM-3}, {@code STREAM-7}, {@code STREAM-5},
 * {@code ENC-9}, then the stream-settings rules. Every violation is a {@link ProtocolException}
 * naming its requirement. The first one is sticky: the session must end ({@code ERR-2}), so every
 * later {@link #accept} throws it again. Limits ({@link StreamLimits}): open peer streams ({@code
 * STREAM-6}), live decoder contexts ({@code ENC-12}), stream-settings bytes ({@code SET-4}),
 * decoded bytes per frame, message and stream ({@code ENC-6}).
 *
 * <p>Threading: not thread-safe, except {@link #openOutbound}, {@link #outbound(int)}, the
 * release of an outbound id when its stream ends, and the decoder-context count, which streams
 * driven on other threads touch; see the package documentation. {@link #close()} the registry
 * when the connection closes, once no thread drives its streams: it frees every native context.
 */
public final class StreamRegistry implements AutoCloseable {

  /** Stream ids: 0 to 255. */
  private static final int IDS = 256;
  /** The first length of a stream table, grown by doubling to cover the highest id stored. */
  private static final int FIRST_IDS = 4;

  /** The frame types that may carry the {@code encoded} flag ({@code STREAM-7}). */
  static final Set<FrameType> ENCODABLE =
      EnumSet.of(FrameType.COMMAND_REQUEST, FrameType.COMMAND_DATA, FrameType.COMMAND_RESPONSE);

  private final Side side;
  private final StreamLimits limits;
  private final EncodingProfiles profiles;

  /**
   * The open inbound streams by id, as long as the highest id opened needs (a connection mostly
   * uses a stream or two, so mostly 4 entries, not 256).
   */
  private InboundStream[] inbound = new InboundStream[FIRST_IDS];
  /**
   * The ids of the peer's streams that ended, one bit each: only for the error message of
   * STREAM-2 (a frame on a stream that ended before). Made at the first end: most connections keep
   * their streams open as long as they last, and with thousands of connections each object a
   * connection holds is one more for its events to be spread over (issue 16).
   */
  private long[] endedIds;
  private int openInbound;
  /**
   * The open inbound stream that took the last frame, or null: looked at before the table, since a
   * connection's frames mostly come on one stream, so a frame then reads the stream it needs and
   * no line of the table.
   */
  private InboundStream recent;
  /**
   * Frames received, the frame count that began the current churn window, the empty streams ended
   * in it (LIMIT-6). Whether an open stream carried a frame other than settings is its own {@link
   * InboundStream#carried}, read with the stream, so a frame reads no table of its own for it.
   */
  private long framesReceived;
  private long churnWindowStart;
  private int churnEmpty;
  /** Decoder contexts alive, updated through {@link #LIVE_DECODERS}: a field, not an AtomicInteger of its own. */
  private volatile int liveDecoders;
  private static final AtomicIntegerFieldUpdater<StreamRegistry> LIVE_DECODERS =
      AtomicIntegerFieldUpdater.newUpdater(StreamRegistry.class, "liveDecoders");
  private ProtocolException failure;

  /**
   * The open outbound streams by id, as long as the highest id opened needs. Under the registry's
   * own monitor (outbound streams may be driven from other threads): a lock object of its own
   * would be one more object per connection.
   */
  private OutboundStream[] outbound = new OutboundStream[FIRST_IDS];
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
   * @throws ProtocolException for a violation of {@code FRAME-5}, {@code STREAM-1..3}, {@code
   *     STREAM-5..7}, {@code ENC-1}, {@code ENC-2}, {@code ENC-7}, {@code ENC-9}, {@code ENC-12} or
   *     {@code SET-4} or {@code LIMIT-6}, or a malformed settings payload ({@code CBOR-1}, {@code CBOR-2}); sticky
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
      throw ProtocolException.violation(Requirement.FRAME_STREAM_FLAGS_DEFINED, "undefined stream flags 0x%x", flags);
    }
    if (!side.peer().opens(id)) {
      throw ProtocolException.violation(Requirement.STREAM_ID_PARITY,
          "a %s does not receive on stream %d", side.name().toLowerCase(java.util.Locale.ROOT), id);
    }
    boolean begin = (flags & StreamFlags.BEGIN) != 0;
    if (++framesReceived - churnWindowStart > StreamLimits.CHURN_WINDOW_FRAMES) {
      churnWindowStart = framesReceived - 1;
      churnEmpty = 0;
    }
    InboundStream s = recent;
    if (s == null || s.streamId() != id) {
      s = inbound(id);
    }
    boolean opening = s == null;
    if (opening) {
      if (!begin) {
        throw ProtocolException.violation(Requirement.STREAM_BEGIN_FIRST,
            "frame on closed stream %d lacks stream-begin%s", id, usedBefore(id) ? " (it ended before)" : "");
      }
      if (openInbound >= limits.maxOpenStreams()) {
        throw ProtocolException.violation(Requirement.STREAM_OPEN_LIMIT,
            "stream %d would exceed %d open streams", id, limits.maxOpenStreams());
      }
      s = new InboundStream(this, id, limits);
    } else if (begin) {
      throw ProtocolException.violation(Requirement.STREAM_BEGIN_ONCE, "stream-begin on stream %d, which is not closed", id);
    }

    FrameType type = frame.type();
    boolean encoded = (flags & StreamFlags.ENCODED) != 0;
    if (encoded && !ENCODABLE.contains(type)) {
      throw ProtocolException.violation(Requirement.STREAM_ENCODED_TYPES, "a %s frame carries encoded", type == null ? "reserved" : type);
    }
    if (encoded && s.state() != InboundStream.State.ENCODING) {
      throw ProtocolException.violation(Requirement.STREAM_ENCODED_NEEDS_SETTINGS,
          "encoded frame on stream %d before its stream settings are complete", id);
    }
    if (s.state() == InboundStream.State.SETTINGS && type != FrameType.STREAM_SETTINGS) {
      throw ProtocolException.violation(Requirement.ENC_SETTINGS_CONTIGUOUS,
          "a %s frame on stream %d before its stream settings end", type == null ? "reserved" : type, id);
    }
    InboundStream result = s;
    if (type == FrameType.STREAM_SETTINGS) {
      s.acceptSettings(frame, profiles);
      result = null;
    }

    if (opening) {
      inbound = covering(inbound, id);
      inbound[id] = s;
      openInbound++;
    }
    recent = s;
    s.carried |= result != null;
    if ((flags & StreamFlags.END) != 0) {
      if (!s.carried && ++churnEmpty > limits.maxEmptyStreams()) {
        throw ProtocolException.violation(Requirement.LIMIT_STREAM_CHURN,
            "stream %d is stream number %d within %d frames to end carrying nothing but stream settings;"
                + " the limit is %d", id, churnEmpty, StreamLimits.CHURN_WINDOW_FRAMES, limits.maxEmptyStreams());
      }
      inbound[id] = null;
      markEnded(id);
      if (recent == s) {
        recent = null;
      }
      openInbound--;
      s.markClosed();
      if (result == null) {
        s.releaseContext();
      }
    }
    return result;
  }

  /** The open inbound stream with this id, or {@code null}. */
  public InboundStream inbound(int streamId) {
    InboundStream[] open = inbound;
    return streamId >= 0 && streamId < open.length ? open[streamId] : null;
  }

  private void markEnded(int id) {
    if (endedIds == null) {
      endedIds = new long[IDS / Long.SIZE];
    }
    endedIds[id >>> 6] |= 1L << id;
  }

  private boolean usedBefore(int id) {
    return endedIds != null && (endedIds[id >>> 6] & (1L << id)) != 0;
  }

  /**
   * {@code table}, or a copy grown to cover {@code id} when it is too short: a power of two long,
   * at most 256.
   */
  private static <T> T[] covering(T[] table, int id) {
    if (id < table.length) {
      return table;
    }
    return java.util.Arrays.copyOf(table, Math.min(IDS, Integer.highestOneBit(id) << 1));
  }

  /** Inbound streams open now. */
  public int openInboundStreams() {
    return openInbound;
  }

  /** Decoder contexts alive now (thread-safe). */
  public int liveDecoderContexts() {
    return liveDecoders;
  }

  void reserveDecoderContext() throws ProtocolException {
    while (true) {
      int n = liveDecoders;
      if (n >= limits.maxDecoderContexts()) {
        throw ProtocolException.violation(Requirement.ENC_CONTEXT_LIMIT,
            "a decoder context would exceed %d live contexts", limits.maxDecoderContexts());
      }
      if (LIVE_DECODERS.compareAndSet(this, n, n + 1)) {
        break;
      }
    }
    if (!limits.processBudget().tryReserve()) {
      LIVE_DECODERS.decrementAndGet(this);
      throw ProtocolException.violation(Requirement.ENC_CONTEXT_LIMIT,
          "a decoder context would exceed the %d shared by this server's connections", limits.processBudget().max());
    }
  }

  void releaseDecoderContext() {
    LIVE_DECODERS.decrementAndGet(this);
    limits.processBudget().release();
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
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("registry closed");
      }
      int id = nextOutboundId;
      for (int tries = 0; tries < IDS / 2; tries++) {
        if (outboundAt(id) == null && side.opens(id)) {
          OutboundStream s = new OutboundStream(this, id, profile, maxFrameSize, sink);
          outbound = covering(outbound, id);
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
    synchronized (this) {
      return outboundAt(streamId);
    }
  }

  private OutboundStream outboundAt(int streamId) {
    return streamId >= 0 && streamId < outbound.length ? outbound[streamId] : null;
  }

  /** Outbound streams open now. Thread-safe. */
  public int openOutboundStreams() {
    synchronized (this) {
      return openOutbound;
    }
  }

  void release(OutboundStream s) {
    synchronized (this) {
      if (outboundAt(s.streamId()) == s) {
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
    synchronized (this) {
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
    for (int id = 0; id < inbound.length; id++) {
      InboundStream s = inbound[id];
      if (s != null) {
        s.releaseContext();
        inbound[id] = null;
      }
    }
    openInbound = 0;
    recent = null;
  }

  @Override
  public String toString() {
    return "StreamRegistry[" + side.name().toLowerCase() + ", " + openInbound + " in, " + openOutboundStreams() + " out]";
  }
}
