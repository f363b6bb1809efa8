package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameType;
import org.framewire.frames.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.InboundStream;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;

/**
 * The server side of one connection, sans I/O (SPEC.md §6, §7, §8): frames or bytes from the client
 * go in, {@link ServerEvent}s come out, and the frames to send wait in an outbound queue the caller
 * drains. It never touches a socket, never starts a thread and never blocks; time comes from an
 * injected nanosecond clock and the caller calls {@link #onTimeout(long)} at {@link
 * #nextDeadline()}.
 *
 * <h2>Driving it</h2>
 *
 * <pre>{@code
 * ServerSession s = new ServerSession(ServerConfig.DEFAULTS);
 * for (ServerEvent e : s.receive(bytesFromSocket)) {
 *   if (e instanceof ServerEvent.RunCommand run) {
 *     ServerResponse r = s.response(run.requestId());
 *     r.writeObject(result);
 *     r.end();
 *   }
 * }
 * socket.write(s.pollOutbound());       // gather-write header and payload buffers
 * }</pre>
 *
 * <h2>What it checks</h2>
 *
 * <p>Request ids are odd (FRAME-7); stream rules and content decoding are the stream layer's
 * (STREAM-*, ENC-*); sender-protocol-settings come first, once, as one CBOR map (SET-1, SET-2,
 * SET-4); command requests are assembled from their frames, interleaved by request id (CMD-2,
 * CMD-3, CMD-4, CMD-12), decoded into a request map (CMD-1), followed by command data only when
 * flagged (CMD-5); sizes and counts are bounded by {@link ServerConfig} (CMD-6, CMD-11). The first
 * violation queues an error-response frame of type {@code protocol} whose message begins with the
 * requirement id, emits {@link ServerEvent.ProtocolFailure} then {@link ServerEvent.Closed}, and
 * moves the session to its final state {@link ServerState#CLOSED} (ERR-2).
 *
 * <h2>Cost</h2>
 *
 * <p>Each frame costs O(1) besides its payload: requests are found by id in a {@link RequestTable},
 * timers live in a {@link DeadlineQueue} (O(log n) per request), and nothing scans all requests
 * except closing the session.
 *
 * <p><b>Not thread-safe.</b> One thread (an event loop) drives a session: every method, the
 * response handles' included, must be called from it.
 */
public final class ServerSession {

  /** Timer payload of the idle timeout; request timers carry their {@link ServerRequest}. */
  private static final Object IDLE = new Object() {
    @Override
    public String toString() {
      return "idle";
    }
  };

  private final ServerConfig config;
  private final LongSupplier clock;
  private final long requestTimeoutNanos;
  private final long idleTimeoutNanos;
  private final CborLimits cborLimits;
  private final FrameDecoder decoder;
  private final StreamRegistry streams;
  private final ServerOutput output;
  private final RequestTable<ServerRequest> requests;
  private final DeadlineQueue<Object> timers = new DeadlineQueue<>();
  private final DeadlineQueue.Timer<Object> idleTimer;

  private ServerState state = ServerState.INITIAL;
  private int partialRequests;
  private long lastActivity;
  private BoundedBuffer settingsBytes;
  private List<String> clientEncodings = List.of("identity");
  /** Request id of the frame being handled: the error frame of a violation carries it. */
  private int currentRequestId;
  /** Events of the call in progress. */
  private List<ServerEvent> events = new ArrayList<>();

  /** A session with {@code config} on {@link System#nanoTime()}. */
  public ServerSession(ServerConfig config) {
    this(config, System::nanoTime);
  }

  /**
   * A session with {@code config} whose timers run on {@code nanoClock}, a monotonic clock in
   * nanoseconds like {@link System#nanoTime()} (tests inject a fake one).
   */
  public ServerSession(ServerConfig config, LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.requestTimeoutNanos = config.requestTimeout().toNanos();
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
    this.cborLimits = CborLimits.DEFAULT;
    this.decoder = new FrameDecoder();
    this.streams = new StreamRegistry(Side.SERVER, config.streamLimits(), config.encodings());
    this.output = new ServerOutput(streams, config, () -> clientEncodings);
    this.requests = new RequestTable<>(config.maxConcurrentRequests());
    this.lastActivity = clock.getAsLong();
    this.idleTimer = idleTimeoutNanos > 0 ? timers.schedule(lastActivity + idleTimeoutNanos, IDLE) : null;
  }

  public ServerConfig config() {
    return config;
  }

  public ServerState state() {
    return state;
  }

  public boolean isClosed() {
    return state == ServerState.CLOSED;
  }

  /**
   * The content encodings the client listed in its sender-protocol-settings (SPEC.md §8.1), most
   * preferred first; {@code [identity]} until it sent any.
   */
  public List<String> clientContentEncodings() {
    return clientEncodings;
  }

  /** Requests known now: being received, or dispatched and not yet answered in full. */
  public int requestCount() {
    return requests.size();
  }

  // ---------------------------------------------------------------- input

  /**
   * Feeds bytes read from the client: decodes every complete frame (SPEC.md §2.5) and reacts to
   * each as {@link #receiveFrame(Frame)} does. The buffer is read up to its limit; payload views
   * handed out in events stay valid until the caller reuses it. Ignored once closed.
   *
   * @return the events, in order; empty when nothing happened yet
   * @throws IllegalStateException after {@link #receiveEnd()}
   */
  public List<ServerEvent> receive(ByteBuffer bytes) {
    checkInputOpen();
    if (isClosed()) {
      return List.of();
    }
    try {
      decoder.feed(bytes);
      while (!isClosed()) {
        currentRequestId = 0;
        Frame f = decoder.next();
        if (f == null) {
          break;
        }
        onFrame(f);
      }
    } catch (ProtocolException e) {
      fail(e, currentRequestId);
    }
    return takeEvents();
  }

  /**
   * Reacts to one frame from the client. Ignored once closed.
   *
   * @return the events, in order; empty when the frame only advanced the state (Mercurial's
   *     {@code wantframe})
   * @throws IllegalStateException after {@link #receiveEnd()}
   */
  public List<ServerEvent> receiveFrame(Frame frame) {
    Objects.requireNonNull(frame, "frame");
    checkInputOpen();
    if (isClosed()) {
      return List.of();
    }
    try {
      checkHeader(frame);
      onFrame(frame);
    } catch (ProtocolException e) {
      fail(e, frame.requestId());
    }
    return takeEvents();
  }

  /**
   * The client ended its output (the connection's read side reached end of stream). A frame or a
   * request left incomplete is a protocol violation (FRAME-6); otherwise the session closes with
   * {@link CloseReason#FINISHED} once every request is answered. Ignored once closed.
   */
  public List<ServerEvent> receiveEnd() {
    checkInputOpen();
    if (isClosed()) {
      return List.of();
    }
    try {
      decoder.endOfInput();
      ServerStateMachine.Transition t = ServerStateMachine.next(state, ServerStateMachine.Input.INPUT_END);
      if (!t.allowed()) {
        throw new ProtocolException(t.violation(), "input ended inside the sender protocol settings");
      }
      ServerRequest open = firstPartial();
      if (open != null) {
        throw new ProtocolException(Requirement.FRAME_TRUNCATED,
            "input ended inside request " + open.id + ", which announced more frames");
      }
      state = t.next();
      closeIfAllAnswered();
    } catch (ProtocolException e) {
      fail(e, 0);
    }
    return takeEvents();
  }

  // ---------------------------------------------------------------- time

  /**
   * The instant, on the session's clock, at which {@link #onTimeout(long)} must be called next, or
   * {@link Long#MAX_VALUE} when no timer runs.
   */
  public long nextDeadline() {
    return timers.nextDeadline();
  }

  /**
   * Runs the timers expired at {@code now}: a request not received in full within the request
   * timeout closes the session ({@link CloseReason#REQUEST_TIMEOUT}, after an error-response of
   * type {@code server} for it); a session idle for the idle timeout closes ({@link
   * CloseReason#IDLE_TIMEOUT}).
   */
  public List<ServerEvent> onTimeout(long now) {
    for (DeadlineQueue.Timer<Object> t; !isClosed() && (t = timers.pollExpired(now)) != null; ) {
      if (t.payload() == IDLE) {
        long idleUntil = lastActivity + idleTimeoutNanos;
        if (!requests.isEmpty() || idleUntil - now > 0) {
          timers.reschedule(idleTimer, requests.isEmpty() ? idleUntil : now + idleTimeoutNanos);
        } else {
          terminate(CloseReason.IDLE_TIMEOUT);
        }
      } else {
        ServerRequest r = (ServerRequest) t.payload();
        r.timer = null;
        output.sendError(r.id, ErrorPayloads.SERVER, "request " + r.id + " was not received in full within "
            + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms");
        terminate(CloseReason.REQUEST_TIMEOUT);
      }
    }
    return takeEvents();
  }

  // ---------------------------------------------------------------- output

  /**
   * Takes every queued outbound frame as gather-ready buffers: for each frame its 8 header bytes
   * then its payload (a read-only view, not a copy). Write them all, in order.
   */
  public ByteBuffer[] pollOutbound() {
    return output.queue().pollBuffers();
  }

  /** Takes every queued outbound frame. */
  public List<Frame> pollFrames() {
    return output.queue().pollFrames();
  }

  /** Bytes (headers and payloads) queued for sending: check it to apply backpressure. */
  public long outboundBytes() {
    return output.queue().bytes();
  }

  /** Frames queued for sending. */
  public int outboundFrames() {
    return output.queue().size();
  }

  /**
   * Closes the session from the application's side ({@link CloseReason#LOCAL_CLOSE}). Frames
   * already queued stay queued. Idempotent.
   */
  public List<ServerEvent> close() {
    if (!isClosed()) {
      terminate(CloseReason.LOCAL_CLOSE);
    }
    return takeEvents();
  }

  /**
   * Takes the events caused by calls that return none: a response ending after {@link
   * #receiveEnd()} closes the session, and its {@link ServerEvent.Closed} waits here (or for the
   * next call that returns events).
   */
  public List<ServerEvent> pollEvents() {
    return takeEvents();
  }

  // ---------------------------------------------------------------- frames

  private void onFrame(Frame frame) throws ProtocolException {
    lastActivity = clock.getAsLong();
    int id = frame.requestId();
    currentRequestId = id;
    if (!RequestTable.isValidId(id)) {
      throw new ProtocolException(Requirement.FRAME_REQUEST_ID_PARITY,
          "request id " + id + " of a client frame is not odd");
    }
    InboundStream stream = streams.accept(frame);
    if (stream == null) {
      return; // a stream-settings frame, consumed by the stream layer (SPEC.md §4.1)
    }
    FrameType type = frame.type();
    switch (type) {
      case SENDER_PROTOCOL_SETTINGS -> onSettings(frame, stream);
      case COMMAND_REQUEST -> onCommandRequest(frame, stream);
      case COMMAND_DATA -> onCommandData(frame, stream);
      default -> throw new ProtocolException(Requirement.CMD_UNKNOWN_REQUEST,
          "a client sends no " + type + " frames: the server has no request " + id + " in flight");
    }
  }

  private void onSettings(Frame frame, InboundStream stream) throws ProtocolException {
    boolean more = frame.header().hasFlag(FrameType.FLAG_CONTINUATION);
    boolean eos = frame.header().hasFlag(FrameType.FLAG_EOS);
    if (more == eos) {
      throw new ProtocolException(Requirement.SET_FORMAT,
          "sender-protocol-settings carries " + (more ? "both continuation and eos" : "neither continuation nor eos"));
    }
    transition(more ? ServerStateMachine.Input.SETTINGS_CONTINUATION : ServerStateMachine.Input.SETTINGS_EOS,
        frame.type());
    if (settingsBytes == null) {
      settingsBytes = new BoundedBuffer(config.maxSettingsBytes(), Requirement.SET_LIMIT, "sender protocol settings");
    }
    BoundedBuffer into = settingsBytes;
    stream.decode(frame, (f, bytes) -> into.append(bytes));
    if (more) {
      return;
    }
    List<CborValue> values = CborDecoder.decodeAll(settingsBytes.view(), cborLimits);
    settingsBytes = null;
    if (values.size() != 1 || !(values.get(0) instanceof CborValue.MapValue map)) {
      throw new ProtocolException(Requirement.SET_FORMAT,
          "sender protocol settings hold " + values.size() + " CBOR values, not one map");
    }
    CborValue encodings = map.get("contentencodings");
    if (encodings != null) {
      clientEncodings = encodingNames(encodings);
    }
  }

  private static List<String> encodingNames(CborValue value) throws ProtocolException {
    if (!(value instanceof CborValue.Array array)) {
      throw new ProtocolException(Requirement.SET_FORMAT, "contentencodings is not an array: " + value);
    }
    List<String> names = new ArrayList<>(array.items().size());
    for (CborValue item : array.items()) {
      if (!(item instanceof CborValue.Bytes name)) {
        throw new ProtocolException(Requirement.SET_FORMAT, "content encoding name is not a byte string: " + item);
      }
      names.add(name.latin1());
    }
    return List.copyOf(names);
  }

  private void onCommandRequest(Frame frame, InboundStream stream) throws ProtocolException {
    int id = frame.requestId();
    boolean isNew = frame.header().hasFlag(FrameType.FLAG_NEW);
    boolean continuation = frame.header().hasFlag(FrameType.FLAG_REQUEST_CONTINUATION);
    boolean more = frame.header().hasFlag(FrameType.FLAG_MORE);
    boolean haveData = frame.header().hasFlag(FrameType.FLAG_HAVE_DATA);
    if (isNew == continuation) {
      throw new ProtocolException(Requirement.CMD_NEW_FLAG, "command-request frame of request " + id
          + " carries " + (isNew ? "both new and continuation" : "neither new nor continuation"));
    }
    transition(ServerStateMachine.Input.COMMAND_FRAME, frame.type());
    ServerRequest r;
    if (isNew) {
      r = newRequest(id, haveData);
    } else {
      r = requests.get(id);
      if (r == null) {
        throw new ProtocolException(Requirement.CMD_UNKNOWN_REQUEST,
            "continuation of request " + id + ", which is not in flight");
      }
      if (r.phase != ServerRequest.Phase.RECEIVING_REQUEST) {
        throw new ProtocolException(Requirement.CMD_NEW_FLAG,
            "command-request continuation after the last request frame of request " + id);
      }
      if (haveData != r.haveData) {
        throw new ProtocolException(Requirement.CMD_DATA_EXPECTED,
            "have-data differs between the command-request frames of request " + id);
      }
    }
    BoundedBuffer into = r.requestBytes;
    stream.decode(frame, (f, bytes) -> into.append(bytes));
    if (!more) {
      onRequestComplete(r);
    }
  }

  private ServerRequest newRequest(int id, boolean haveData) throws ProtocolException {
    if (requests.contains(id)) {
      throw new ProtocolException(Requirement.CMD_ID_IN_FLIGHT, "new request " + id + " is already in flight");
    }
    if (requests.isFull()) {
      throw new ProtocolException(Requirement.CMD_CONCURRENCY_LIMIT,
          "request " + id + " exceeds " + requests.capacity() + " requests in flight");
    }
    if (partialRequests >= config.maxPartialRequests()) {
      throw new ProtocolException(Requirement.CMD_CONCURRENCY_LIMIT,
          "request " + id + " exceeds " + config.maxPartialRequests() + " requests being received at once");
    }
    ServerRequest r = new ServerRequest(id, haveData,
        new BoundedBuffer(config.maxRequestBytes(), Requirement.CMD_REQUEST_LIMIT, "command request " + id));
    requests.put(id, r);
    partialRequests++;
    if (requestTimeoutNanos > 0) {
      r.timer = timers.schedule(lastActivity + requestTimeoutNanos, r);
    }
    return r;
  }

  private void onRequestComplete(ServerRequest r) throws ProtocolException {
    List<CborValue> values = CborDecoder.decodeAll(r.requestBytes.view(), cborLimits);
    r.requestBytes = null;
    if (values.size() != 1) {
      throw new ProtocolException(Requirement.CMD_REQUEST_MAP,
          "command request " + r.id + " holds " + values.size() + " CBOR values, not one map");
    }
    r.request = CommandRequest.fromCbor(values.get(0));
    if (!r.haveData) {
      received(r);
      dispatch(r, null, false);
    } else {
      r.phase = ServerRequest.Phase.RECEIVING_DATA;
      if (config.dataMode() == ServerConfig.DataMode.STREAM) {
        dispatch(r, null, true);
      } else {
        r.data = new BoundedBuffer(config.maxBufferedDataBytes(), Requirement.CMD_REQUEST_LIMIT,
            "command data of request " + r.id);
      }
    }
  }

  private void onCommandData(Frame frame, InboundStream stream) throws ProtocolException {
    int id = frame.requestId();
    transition(ServerStateMachine.Input.COMMAND_FRAME, frame.type());
    ServerRequest r = requests.get(id);
    if (r == null) {
      throw new ProtocolException(Requirement.CMD_UNKNOWN_REQUEST,
          "command data for request " + id + ", which is not in flight");
    }
    if (r.phase != ServerRequest.Phase.RECEIVING_DATA) {
      throw new ProtocolException(Requirement.CMD_DATA_EXPECTED, "command data for request " + id + ", which "
          + (!r.haveData ? "is not flagged have-data"
              : r.phase == ServerRequest.Phase.RECEIVING_REQUEST ? "is still receiving request frames"
              : "already ended its data"));
    }
    boolean continuation = frame.header().hasFlag(FrameType.FLAG_CONTINUATION);
    boolean eos = frame.header().hasFlag(FrameType.FLAG_EOS);
    if (continuation == eos) {
      throw new ProtocolException(Requirement.CMD_DATA_EXPECTED, "command-data frame of request " + id
          + " carries " + (eos ? "both continuation and eos" : "neither continuation nor eos"));
    }
    if (config.dataMode() == ServerConfig.DataMode.STREAM) {
      ByteBuffer chunk = streamedChunk(frame, stream);
      if (eos) {
        received(r);
      }
      events.add(new ServerEvent.CommandData(id, chunk, eos));
      if (eos) {
        removeIfFinished(r);
      }
    } else {
      BoundedBuffer into = r.data;
      stream.decode(frame, (f, bytes) -> into.append(bytes));
      if (eos) {
        received(r);
        ByteBuffer data = ByteBuffer.wrap(r.data.toByteArray()).asReadOnlyBuffer();
        r.data = null;
        dispatch(r, data, false);
      }
    }
  }

  /**
   * A streamed command-data frame's payload: the frame's own payload view when it is not encoded,
   * else its decoded bytes gathered into one array (the stream layer reuses its decode buffer).
   */
  private static ByteBuffer streamedChunk(Frame frame, InboundStream stream) throws ProtocolException {
    if (!frame.header().hasStreamFlag(StreamFlags.ENCODED)) {
      stream.decode(frame, (f, bytes) -> { });
      return frame.payload();
    }
    BoundedBuffer gathered = new BoundedBuffer(Integer.MAX_VALUE - 8, Requirement.ENC_DECODED_LIMIT, "decoded frame");
    stream.decode(frame, (f, bytes) -> gathered.append(bytes));
    return ByteBuffer.wrap(gathered.toByteArray());
  }

  // ---------------------------------------------------------------- requests

  /** Marks every frame of {@code r} as received. */
  private void received(ServerRequest r) {
    r.phase = ServerRequest.Phase.RECEIVED;
    partialRequests--;
    timers.cancel(r.timer);
    r.timer = null;
  }

  private void dispatch(ServerRequest r, ByteBuffer data, boolean dataFollows) {
    r.dispatched = true;
    r.response = new ServerResponse(this, output, r, config.maxFrameSize());
    CommandRequest q = r.request;
    events.add(new ServerEvent.RunCommand(r.id, q.name().latin1(), q.args(), q.redirect(), data, dataFollows));
  }

  /**
   * The response handle of a dispatched request (SPEC.md §6.3): write the response through it.
   *
   * @throws IllegalArgumentException when no {@link ServerEvent.RunCommand} for {@code requestId}
   *     is outstanding
   */
  public ServerResponse response(int requestId) {
    ServerRequest r = requests.get(requestId);
    if (r == null || !r.dispatched) {
      throw new IllegalArgumentException("no dispatched request " + requestId);
    }
    return r.response;
  }

  /** Called by {@link ServerResponse} when its response has ended. */
  void responseEnded(ServerRequest r) {
    r.responseEnded = true;
    lastActivity = clock.getAsLong();
    removeIfFinished(r);
    closeIfAllAnswered();
  }

  private void removeIfFinished(ServerRequest r) {
    if (r.finished() && requests.get(r.id) == r) {
      requests.remove(r.id);
    }
  }

  private void closeIfAllAnswered() {
    if (state == ServerState.INPUT_ENDED && requests.isEmpty()) {
      state = ServerStateMachine.next(state, ServerStateMachine.Input.ALL_ANSWERED).next();
      finishClose(CloseReason.FINISHED);
    }
  }

  /** The lowest-numbered request still receiving frames, or null; scans only when there is one. */
  private ServerRequest firstPartial() {
    ServerRequest[] found = new ServerRequest[1];
    if (partialRequests > 0) {
      requests.forEach((id, r) -> {
        if (found[0] == null && r.receiving()) {
          found[0] = r;
        }
      });
    }
    return found[0];
  }

  // ---------------------------------------------------------------- state

  private void transition(ServerStateMachine.Input input, FrameType type) throws ProtocolException {
    ServerStateMachine.Transition t = ServerStateMachine.next(state, input);
    if (!t.allowed()) {
      throw new ProtocolException(t.violation(), "a " + type + " frame may not come in state " + state);
    }
    state = t.next();
  }

  /** FRAME-3, FRAME-4, FRAME-5 for frames fed directly rather than decoded by the session. */
  private static void checkHeader(Frame frame) throws ProtocolException {
    FrameType type = frame.type();
    if (type == null) {
      throw new ProtocolException(Requirement.FRAME_TYPE_KNOWN, "reserved frame type " + frame.header().typeCode());
    }
    if ((frame.streamFlags() & ~StreamFlags.DEFINED) != 0) {
      throw new ProtocolException(Requirement.FRAME_STREAM_FLAGS_DEFINED,
          "undefined stream flags 0x" + Integer.toHexString(frame.streamFlags()));
    }
    if ((frame.flags() & ~type.definedFlags()) != 0) {
      throw new ProtocolException(Requirement.FRAME_FLAGS_DEFINED,
          "flags 0x" + Integer.toHexString(frame.flags()) + " undefined for " + type);
    }
  }

  private void checkInputOpen() {
    if (state == ServerState.INPUT_ENDED) {
      throw new IllegalStateException("input already ended");
    }
  }

  /** ERR-2: queue the protocol error frame, report, close. */
  private void fail(ProtocolException e, int requestId) {
    Frame errorFrame = output.sendError(requestId, ErrorPayloads.PROTOCOL, e.getMessage());
    events.add(new ServerEvent.ProtocolFailure(e.requirement(), e.getMessage(), errorFrame));
    terminate(CloseReason.PROTOCOL_ERROR);
  }

  private void terminate(CloseReason reason) {
    state = ServerStateMachine.next(state, ServerStateMachine.Input.TERMINATE).next();
    finishClose(reason);
  }

  private void finishClose(CloseReason reason) {
    requests.forEach((id, r) -> {
      if (r.response != null) {
        r.response.abandon();
      }
    });
    requests.clear();
    partialRequests = 0;
    settingsBytes = null;
    timers.clear();
    streams.close();
    events.add(new ServerEvent.Closed(reason));
  }

  private List<ServerEvent> takeEvents() {
    if (events.isEmpty()) {
      return List.of();
    }
    List<ServerEvent> out = events;
    events = new ArrayList<>();
    return out;
  }
}
