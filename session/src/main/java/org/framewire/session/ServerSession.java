package org.framewire.session;

// Why this file is over 600 lines: about 110 are the class comment, the contract hosts and
// docs/sessions.md rely on, and the rest is the server's own rules of SPEC.md §6-§8 and §10 over
// one shared state: the state table's state, the request table and its phase tags, the input held
// at the dispatched bound (CMD-11), the end of input held behind it (TRANS-6), and the output
// bounds (LIMIT-3, LIMIT-7). What both roles share is in SessionCore and FrameInput, responses are
// in ServerResponse and ServerOutput; splitting the rest would hand that state between files.

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.DecodeLimits;
import org.framewire.streams.InboundStream;
import org.framewire.streams.Side;
import org.framewire.streams.StreamLimits;
import org.framewire.streams.StreamRegistry;

/**
 * The server side of one connection, sans I/O (SPEC.md §6, §7, §8): bytes or frames from the
 * client go in, {@link ServerEvent}s come out, and the frames to send wait in an outbound queue the
 * caller drains. It never touches a socket, never starts a thread and never blocks; time comes from
 * an injected nanosecond clock, and the caller calls {@link #onTimeout(long)} at {@link
 * #nextDeadline()} — curl's multi_socket model.
 *
 * <h2>Driving it</h2>
 *
 * <p>The loop below is the whole contract with a non-blocking channel: in short the loop of
 * examples/own-loop-server, which docs/sessions.md quotes and a test runs through the server
 * conformance suite, LIMIT-3 included. {@link #outbound()} lends every byte not yet written; the channel takes what it
 * can; {@link #written(long)} reports that many. Bytes lent and not yet reported count against
 * {@link ServerConfig#maxOutboundBytes()} until then, so {@link #wantsInput()} turns false while a
 * peer does not read (LIMIT-3), and what a partial write left is lent again by the next call.
 *
 * <pre>{@code
 * ServerSession s = new ServerSession(ServerConfig.DEFAULTS);
 * // readable:
 * for (ServerEvent e : s.receive(bytesReadFromChannel)) {
 *   if (e instanceof ServerEvent.RunCommand run) {
 *     commands.run(run, s.response(run.requestId()));   // or write the response yourself
 *   }
 * }                                          // then s.pollEvents(): answers admit held requests
 * // after every call into the session, and when the channel is writable:
 * while (s.wantsWrite()) {
 *   long n = channel.write(s.outbound());   // as much as the socket takes
 *   s.written(n);
 *   if (n == 0) break;                       // the rest waits for OP_WRITE
 * }
 * key.interestOps((s.wantsInput() ? OP_READ : 0) | (s.wantsWrite() ? OP_WRITE : 0));
 * if (s.isClosed() && !s.wantsWrite()) channel.close();
 * }</pre>
 *
 * <p>A host that keeps its own write queue and counts its bytes itself (as the transports'
 * {@code SessionDriver} does) takes the frames for good with {@link #pollOutbound()} instead; the
 * session then no longer sees them, so such a host must apply LIMIT-3 on its own count.
 *
 * <h2>What it checks, in this order (SPEC.md §7.2)</h2>
 *
 * <ol>
 *   <li>the header (FRAME-2, FRAME-3, FRAME-5, FRAME-4), runs of empty frames (LIMIT-2), the
 *       frame's direction (FRAME-9) and its odd request id (FRAME-7);
 *   <li>the stream rules and content decoding, by the stream layer: a client's encoded frames are
 *       decoded whatever profile it chose (STREAM-*, ENC-*, ENC-10);
 *   <li>the rules of the frame's type: sender-protocol-settings first, once, as one CBOR map (SET-1,
 *       SET-2, SET-4, CBOR-4); command requests assembled from their frames, interleaved by request
 *       id (CMD-2, CMD-14, CMD-3, CMD-4, CMD-12), decoded into a request map (CMD-1, CBOR-*),
 *       followed by command data only when flagged (CMD-5); sizes and requests being received
 *       bounded (CMD-6, CMD-11).
 * </ol>
 *
 * <h2>Admission: any depth of pipeline (SPEC.md §6.5, §10)</h2>
 *
 * <p>A client may pipeline any number of requests. Once {@link ServerConfig#maxConcurrentRequests()}
 * requests are received and not yet answered, the session stops taking frames: the bytes fed but
 * not yet decoded are held (copied), {@link #wantsInput()} turns false, and the transport stops
 * reading, so the rest of the pipeline waits in the socket. As responses end the session takes
 * the held input again, in {@link #pollEvents()} or the next input call, and hands out what it
 * dispatches. This is back-pressure, never a violation (CMD-11); while input is held no timer
 * runs against the client. Only requests still being received are limited by a protocol error.
 *
 * <p>The first violation queues one error-response of type {@code protocol} with request id 0 and
 * the broken requirement's id (ERR-2, ERR-3), emits {@link ServerEvent.ProtocolFailure} then
 * {@link ServerEvent.Closed}, and moves the session to its final state {@link ServerState#CLOSED}.
 * A close drops every request: a {@link ServerEvent.RunCommand} is never returned in the same batch
 * as the close that dropped its request, so every request a caller is handed can be answered.
 *
 * <h2>Responses and streams</h2>
 *
 * <p>Responses are written through {@link ServerResponse} handles. A response owns an output
 * stream while it is open, because an encoder's frames between two flush points must belong to one
 * message (ENC-4): responses that follow one another share one stream and its compression context
 * (ENC-3), overlapping responses get a stream each, up to {@link ServerConfig#maxEncodedStreams()},
 * and further ones go out unencoded.
 *
 * <h2>Cost</h2>
 *
 * <p>Each frame costs O(1) besides its payload: requests are found by id in a {@link RequestTable},
 * timers live in a {@link DeadlineQueue} (O(log n) per request), and only closing the session or
 * the end of input visits all requests.
 *
 * <p><b>Not thread-safe.</b> One thread (an event loop) drives a session: every method, the
 * response handles' included, must be called from it.
 */
public final class ServerSession {

  /** Timer payload of the send timeout (LIMIT-7); request timers carry their {@link ServerRequest}. */
  private static final Object SEND = new Object() {
    @Override
    public String toString() {
      return "send";
    }
  };


  /** The request map's key {@code files} (SPEC.md §6.2), made once. */
  private static final CborValue.Bytes KEY_FILES = CborValue.Bytes.of("files");

  /** The client's encodings until its settings say otherwise, one list for every session. */
  private static final List<String> IDENTITY_ONLY = List.of("identity");

  /** The config and what every session of it derives from it, one object for all of them. */
  private final Shared shared;
  private static final CborLimits CBOR_LIMITS = CborLimits.DEFAULT;
  /**
   * The clock, timers, input path, streams and events, shared in kind with the client session: one
   * object with this session's reactions (its anonymous subclass), not one each.
   */
  private final SessionCore<ServerEvent> core;
  private static final ServerRequest.Phase[] PHASES = ServerRequest.Phase.values();
  private final ServerOutput output;
  private final RequestTable<ServerRequest> requests;
  /** The host stopped reading because the bytes it owes are over its limit ({@link #hostPausedForOutput}). */
  private boolean hostPausedForOutput;
  /** The send timeout (LIMIT-7), scheduled while input is paused and owed output is not written. */
  private DeadlineQueue.Timer<Object> sendTimer;

  private ServerState state = ServerState.INITIAL;
  private int partialRequests;
  /**
   * Input taken while admission was paused (CMD-11), oldest first: byte arrays of undecoded bytes
   * and frames fed directly. {@code null} while nothing is held, as while the session takes input as
   * it comes: with thousands of sessions, an empty deque read on every event is a cache miss.
   */
  private ArrayDeque<Object> held;
  /** The client's input ended while input was still held: the end is taken after it. */
  private boolean endHeld;
  private BoundedBuffer settingsBytes;
  /** Responses written to since the last {@link #flushResponses()}, each once; {@code null} for none. */
  private List<ServerResponse> writtenTo;

  /** A session with {@code config} on {@link System#nanoTime()}. */
  public ServerSession(ServerConfig config) {
    this(config, System::nanoTime);
  }

  /**
   * A session with {@code config} whose timers run on {@code nanoClock}, a monotonic clock in
   * nanoseconds like {@link System#nanoTime()} (tests inject a fake one).
   */
  public ServerSession(ServerConfig config, LongSupplier nanoClock) {
    this.shared = Shared.of(Objects.requireNonNull(config, "config"));
    Objects.requireNonNull(nanoClock, "nanoClock");
    StreamRegistry streams = new StreamRegistry(Side.SERVER, shared.limits(), config.encodings());
    this.output = new ServerOutput(streams, config, IDENTITY_ONLY);
    this.requests = new RequestTable<>(
        Math.min(RequestTable.ID_COUNT, config.maxConcurrentRequests() + config.maxPartialRequests()));
    FrameInput.Rules rules = new FrameInput.Rules(config.maxInboundFrameSize(), config.maxEmptyFrames(),
        config.frameReadTimeout().toNanos(), FrameInput.FROM_CLIENT, "client");
    this.core = new SessionCore<>(nanoClock, new DeadlineQueue<>(), streams, rules, config.idleTimeout().toNanos()) {
      @Override
      boolean closed() {
        return isClosed();
      }

      @Override
      void onFrame(Frame frame) throws ProtocolException {
        ServerSession.this.onFrame(frame);
      }

      @Override
      boolean paused() {
        return pauseAdmission();
      }

      @Override
      void fail(ProtocolException e) {
        ServerSession.this.fail(e);
      }

      @Override
      void frameReadExpired(long now) {
        ServerSession.this.frameReadExpired(now);
      }

      @Override
      boolean hasRequests() {
        return idleTimerHeld();
      }

      @Override
      void idleExpired() {
        terminate(CloseReason.IDLE_TIMEOUT);
      }

      @Override
      void timerExpired(DeadlineQueue.Timer<Object> timer, long now) {
        roleTimerExpired(timer, now);
      }
    };
  }

  /**
   * A config and what its sessions derive from it: the stream limits with the request limits as
   * decoded-size bounds, and the request and send timeouts in nanoseconds. Made once for the
   * sessions of one config (every frame reads them: with thousands of sessions, a copy each is a
   * cache miss each, issue 16).
   */
  private record Shared(ServerConfig config, StreamLimits limits, long requestTimeoutNanos, long sendTimeoutNanos) {

    private static volatile Shared last;

    static Shared of(ServerConfig config) {
      Shared l = last;
      if (l == null || l.config() != config) {
        l = new Shared(config, decodeBoundByRequestLimits(config), config.requestTimeout().toNanos(),
            config.sendTimeout().toNanos());
        last = l;
      }
      return l;
    }
  }

  /**
   * The configured stream limits with the decoded-size bound of each command request, and of
   * buffered command data, lowered to the request's byte limits: SPEC.md §10 makes those limits the
   * server's decoded-bytes-per-message bound (ENC-6), and a bomb is reported under ENC-6 (§4.4,
   * checked before CMD-6 of §6.2) whatever the two limits are configured to.
   */
  private static StreamLimits decodeBoundByRequestLimits(ServerConfig config) {
    DecodeLimits d = config.streamLimits().decode();
    long data = config.dataMode() == ServerConfig.DataMode.BUFFER
        ? Math.min(d.perCommandData(), config.maxBufferedDataBytes()) : d.perCommandData();
    return config.streamLimits().withDecode(new DecodeLimits(d.bufferSize(), d.perFrame(),
        Math.min(d.perCommandRequest(), config.maxRequestBytes()), data, d.perResponse(), d.perStream()));
  }

  public ServerConfig config() {
    return shared.config();
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
    return output.clientEncodings();
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
    return takeInput(() -> {
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      return copy;
    }, () -> core.receive(bytes));
  }

  /**
   * One input call: the held input first, as far as admission allows; then this input, held as
   * {@code copy} makes it while input must wait (CMD-11), else taken at once by {@code take}.
   */
  private List<ServerEvent> takeInput(java.util.function.Supplier<Object> copy, SessionCore.Step take) {
    checkInputOpen();
    if (isClosed()) {
      return List.of();
    }
    core.touch();
    return core.call(() -> {
      takeHeld();
      if (holdsInput()) {
        held().addLast(copy.get());
      } else {
        take.run();
      }
    });
  }

  /**
   * After each frame decoded from bytes: when admission is now paused (CMD-11), the bytes not yet
   * decoded are held, copied, at the front of the held input, so the caller may reuse its buffer,
   * and decoding stops.
   */
  private boolean pauseAdmission() {
    if (!admissionPaused()) {
      return false;
    }
    byte[] rest = core.takeUndecoded();
    if (rest.length > 0) {
      held().addFirst(rest);
    }
    return true;
  }

  /**
   * Whether admission is paused (SPEC.md §6.5, CMD-11): {@link ServerConfig#maxConcurrentRequests()}
   * requests are received in full and not yet answered, so no further frame is taken until one of
   * them is answered. Requests still being received are not counted: their frames may be what the
   * ones dispatched wait for (STREAM mode), and {@link ServerConfig#maxPartialRequests()} bounds them.
   */
  private boolean admissionPaused() {
    return requests.size() - partialRequests >= config().maxConcurrentRequests();
  }

  /** The held input, made when something is first held. */
  private ArrayDeque<Object> held() {
    if (held == null) {
      held = new ArrayDeque<>();
    }
    return held;
  }

  /** Whether input must wait: admission is paused, or input taken earlier is still held. */
  private boolean holdsInput() {
    return held != null || admissionPaused();
  }

  /**
   * Takes the held input, oldest first, as far as admission allows; then the held end of input,
   * once nothing is held any more.
   */
  private void takeHeld() throws ProtocolException {
    while (!isClosed() && held != null && !admissionPaused()) {
      Object next = held.pollFirst();
      if (held.isEmpty()) {
        held = null;
      }
      if (next instanceof Frame f) {
        core.feedFrame(f);
      } else {
        core.receive(ByteBuffer.wrap((byte[]) next));
      }
    }
    if (endHeld && held == null && !isClosed()) {
      endHeld = false;
      endInput();
    }
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
    return takeInput(frame::copy, () -> core.feedFrame(frame));
  }

  /**
   * The client ended its output (TRANS-6). Ending inside a frame is a violation (FRAME-6).
   * Otherwise requests not yet dispatched are dropped, a dispatched request whose streamed data
   * was cut off gets {@link ServerEvent.DataTruncated}, and the session closes with {@link
   * CloseReason#FINISHED} once every dispatched request is answered. Ignored once closed.
   */
  public List<ServerEvent> receiveEnd() {
    checkInputOpen();
    if (isClosed()) {
      return List.of();
    }
    return core.call(() -> {
      takeHeld();
      if (held != null) {
        endHeld = true; // TRANS-6 applies once the requests sent before the end have been taken
      } else {
        endInput();
      }
    });
  }

  /** The end of the client's input, once every byte before it has been taken (TRANS-6). */
  private void endInput() throws ProtocolException {
    core.end();
    TransitionTable.Transition<ServerState> t = ServerStateMachine.next(state, ServerStateMachine.Input.INPUT_END);
    if (!t.allowed()) {
      throw new ProtocolException(t.violation(), "input ended inside the sender protocol settings");
    }
    state = t.next();
    dropPartialRequests();
    closeIfAllAnswered();
  }

  /**
   * Whether the host should read more input. False once closed or after the end of input; false
   * while more than {@link ServerConfig#maxOutboundBytes()} are owed to the client — queued, or lent
   * by {@link #outbound()} and not yet reported {@link #written(long)} (LIMIT-3) — so that a client
   * that sends requests but does not read responses stalls itself instead of growing the queue
   * without end; and false while admission is paused (CMD-11): {@link
   * ServerConfig#maxConcurrentRequests()} requests are received and not yet answered, or input
   * taken earlier is still held. A paused session goes on by itself as responses end: the caller
   * calls {@link #pollEvents()} after answering, which takes the held input and hands out what it
   * dispatches, and reads again once this turns true. A caller that reads on regardless is not
   * refused; its input is held, copied, until admission allows.
   */
  public boolean wantsInput() {
    boolean wants = !isClosed() && state != ServerState.INPUT_ENDED && !endHeld && !holdsInput() && !outputOverLimit();
    armSendTimer();
    return wants;
  }

  /**
   * Whether the idle timeout (LIMIT-5) must wait: a request is known, or the server itself is not
   * reading (LIMIT-3, CMD-11, or the host paused for its output), so that no byte received is the
   * server's doing, not the client's idleness; the send timeout (LIMIT-7) is what bounds that.
   */
  private boolean idleTimerHeld() {
    return !requests.isEmpty() || holdsInput() || outputOverLimit() || hostPausedForOutput;
  }

  /**
   * Whether the client keeps the session stuck (LIMIT-7): input is paused (LIMIT-3 or CMD-11)
   * while bytes are owed to it, queued or lent and not yet written. A host that takes its frames
   * for good with {@link #pollOutbound()} owes nothing here; it applies the send timeout on its own
   * count, as it applies LIMIT-3.
   */
  private boolean sendStalled() {
    return !isClosed() && (holdsInput() || outputOverLimit()) && output.owesBytes();
  }

  /**
   * Starts the send timeout when the session has become stalled by the client (LIMIT-7); called
   * from the calls a host makes after every pass ({@link #wantsInput()}, {@link #nextDeadline()}),
   * since a response written outside any input call may be what fills the output.
   */
  private void armSendTimer() {
    if (shared.sendTimeoutNanos() > 0 && (sendTimer == null || !sendTimer.isScheduled()) && sendStalled()) {
      long at = core.now() + shared.sendTimeoutNanos();
      if (sendTimer == null) {
        sendTimer = core.timers.schedule(at, SEND);
      } else {
        core.timers.reschedule(sendTimer, at);
      }
    }
  }

  /** Output made progress (bytes written, or frames taken for good): the send timeout starts over. */
  private void outputProgressed() {
    if (sendTimer != null && sendTimer.isScheduled()) {
      core.timers.cancel(sendTimer);
    }
    armSendTimer();
  }

  /** LIMIT-3: more than {@link ServerConfig#maxOutboundBytes()} owed to the client. */
  private boolean outputOverLimit() {
    return output.bytes() > config().maxOutboundBytes();
  }

  /** Whether bytes wait to be written: queued, or lent by {@link #outbound()} and not yet written. */
  public boolean wantsWrite() {
    return output.owesBytes();
  }

  // ---------------------------------------------------------------- time

  /**
   * The instant, on the session's clock, at which {@link #onTimeout(long)} must be called next, or
   * {@link Long#MAX_VALUE} when no timer runs.
   */
  public long nextDeadline() {
    armSendTimer();
    return core.timers.nextDeadline();
  }

  /**
   * Runs the timers expired at {@code now}: a frame incomplete for the frame-read timeout is a
   * violation (LIMIT-4) — unless the session's output is over its limit, so that the host is not
   * reading (LIMIT-3): then the timer restarts, and restarts again when {@link #written(long)}
   * brings the output back under the limit; a request not received in full within the request timeout closes the
   * session ({@link CloseReason#REQUEST_TIMEOUT}) after an error-response of type {@code server}
   * for it; a session without requests and without input for the idle timeout closes ({@link
   * CloseReason#IDLE_TIMEOUT}, LIMIT-5); a session whose input has been paused for the send timeout
   * while none of the bytes it owes was written fails under LIMIT-7 (the client does not read).
   */
  public List<ServerEvent> onTimeout(long now) {
    return core.onTimeout(now);
  }

  /**
   * A host that takes the frames for good ({@link #pollOutbound()}) and keeps its own count of the
   * bytes owed (LIMIT-3) says here when it stops reading because that count is over its limit, and
   * when it reads again: while paused the frame-read timer (LIMIT-4) does not run against the client,
   * and on resuming the rest of a frame begun before the pause gets a whole frame-read timeout.
   */
  public void hostPausedForOutput(boolean paused) {
    if (hostPausedForOutput && !paused && !isClosed()) {
      core.restartFrameReadTimer(core.now());
    }
    hostPausedForOutput = paused;
  }

  /**
   * The frame-read timer expired (LIMIT-4): a violation, unless the session's output is over its
   * limit, so that the host is not reading (LIMIT-3); then the timer restarts.
   */
  private void frameReadExpired(long now) {
    if (outputOverLimit() || hostPausedForOutput) {
      core.restartFrameReadTimer(now); // the host is not reading because of our output (LIMIT-3)
    } else {
      fail(core.frameReadTimeout());
    }
  }

  /** A timer of the server's own expired: the send timeout (LIMIT-7) or a request's. */
  private void roleTimerExpired(DeadlineQueue.Timer<Object> t, long now) {
    if (t.payload() == SEND) {
      if (sendStalled()) {
        fail(new ProtocolException(Requirement.LIMIT_SEND_TIMEOUT, "input paused and "
            + output.bytes() + " bytes owed to the client, none written within "
            + TimeUnit.NANOSECONDS.toMillis(shared.sendTimeoutNanos()) + " ms: the client does not read"));
      }
    } else if (holdsInput()) {
      // The request's remaining frames may be among the input held back by admission (CMD-11):
      // the client is not timed while the server does not read it.
      core.timers.reschedule(t, now + shared.requestTimeoutNanos());
    } else {
      ServerRequest r = (ServerRequest) t.payload();
      r.timer = null;
      output.sendError(r.id, ErrorPayloads.server("request " + r.id + " was not received in full within "
          + TimeUnit.NANOSECONDS.toMillis(shared.requestTimeoutNanos()) + " ms"));
      terminate(CloseReason.REQUEST_TIMEOUT);
    }
  }

  // ---------------------------------------------------------------- output

  /**
   * Lends every byte not yet written, in order, as gather buffers (8 header bytes, then the payload
   * view, per frame; never copied): first the unwritten rest of what an earlier call lent, then
   * the frames queued since. Write them from the first, as many bytes as the channel takes, then
   * report the count with {@link #written(long)}; until then they count as owed ({@link
   * #wantsInput()}, LIMIT-3). See the loop in the class comment.
   */
  public ByteBuffer[] outbound() {
    return output.outbound();
  }

  /**
   * Reports {@code n} bytes of what {@link #outbound()} lent as written: they no longer count as
   * owed, and the next {@link #outbound()} starts after them.
   *
   * @throws IllegalArgumentException when {@code n} is negative, more than was lent, or disagrees
   *     with how far the lent buffers' positions moved
   */
  public void written(long n) {
    boolean wasOver = outputOverLimit();
    output.written(n);
    if (n > 0) {
      outputProgressed();
    }
    if (wasOver && !outputOverLimit() && !isClosed()) {
      // Reading resumes: the rest of a frame begun before the pause gets a whole frame-read timeout.
      core.restartFrameReadTimer(core.now());
    }
  }

  /**
   * Takes every queued outbound frame for good, as gather-ready buffers: for each frame its 8
   * header bytes, then its payload (a read-only view, not a copy). For a host that keeps its own
   * write queue and applies LIMIT-3 on its own byte count; the session no longer counts them.
   *
   * @throws IllegalStateException while bytes lent by {@link #outbound()} are not yet written
   */
  public ByteBuffer[] pollOutbound() {
    ByteBuffer[] taken = output.pollBuffers();
    if (taken.length > 0) {
      outputProgressed();
    }
    return taken;
  }

  /** Takes every queued outbound frame for good; see {@link #pollOutbound()}. */
  public List<Frame> pollFrames() {
    List<Frame> taken = output.pollFrames();
    if (!taken.isEmpty()) {
      outputProgressed();
    }
    return taken;
  }

  /** Bytes (headers and payloads) owed: queued, or lent by {@link #outbound()} and not yet written. */
  public long outboundBytes() {
    return output.bytes();
  }

  /** Frames queued and not yet taken or lent. */
  public int outboundFrames() {
    return output.size();
  }

  /**
   * Closes the session from the application's side ({@link CloseReason#LOCAL_CLOSE}). Frames
   * already queued stay queued. Idempotent.
   */
  public List<ServerEvent> close() {
    if (!isClosed()) {
      terminate(CloseReason.LOCAL_CLOSE);
    }
    return core.takeEvents();
  }

  /**
   * Takes the events caused by calls that return none: when a response ends after {@link
   * #receiveEnd()} and closes the session, its {@link ServerEvent.Closed} waits here (or for the
   * next call that returns events). When responses ended while admission was paused (CMD-11), it
   * first takes the input held since, as far as admission now allows: the requests it dispatches
   * come out here. Call it after answering.
   */
  public List<ServerEvent> pollEvents() {
    if (held != null || endHeld) {
      core.touch();
      return core.call(this::takeHeld);
    }
    return core.takeEvents();
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

  // ---------------------------------------------------------------- frames

  private void onFrame(Frame frame) throws ProtocolException {
    int id = frame.requestId();
    if (!RequestTable.isValidId(id)) {
      throw new ProtocolException(Requirement.FRAME_REQUEST_ID_PARITY,
          "request id " + id + " of a client frame is not odd");
    }
    InboundStream stream = core.streams.accept(frame);
    if (stream == null) {
      // A stream-settings frame, consumed by the stream layer (SPEC.md §4.1) after its ENC checks;
      // it is a frame other than sender protocol settings, so they may no longer come (SET-1).
      if (frame.type() == FrameType.STREAM_SETTINGS) {
        transition(ServerStateMachine.Input.STREAM_SETTINGS_FRAME, frame.type());
      }
      return;
    }
    switch (frame.type()) {
      case SENDER_PROTOCOL_SETTINGS -> onSettings(frame, stream);
      case COMMAND_REQUEST -> onCommandRequest(frame, stream);
      case COMMAND_DATA -> onCommandData(frame, stream);
      default -> throw new IllegalStateException("direction already checked: " + frame.type());
    }
  }

  private void onSettings(Frame frame, InboundStream stream) throws ProtocolException {
    boolean more = frame.header().hasFlag(FrameType.FLAG_CONTINUATION);
    transition(more ? ServerStateMachine.Input.SETTINGS_CONTINUATION : ServerStateMachine.Input.SETTINGS_EOS,
        frame.type());
    frame.header().eosOfExactlyOne(Requirement.SET_FORMAT, "sender-protocol-settings");
    if (settingsBytes == null) {
      settingsBytes = new BoundedBuffer(config().maxSettingsBytes(), Requirement.SET_LIMIT, "sender protocol settings");
    }
    BoundedBuffer into = settingsBytes;
    stream.decode(frame, (f, bytes) -> into.append(bytes));
    if (more) {
      return;
    }
    List<CborValue> values = CborDecoder.decodeAll(settingsBytes.view(), CBOR_LIMITS);
    settingsBytes = null;
    if (values.size() != 1) {
      throw new ProtocolException(Requirement.CBOR_ITEM_COUNT,
          "sender protocol settings hold " + values.size() + " CBOR items, not one");
    }
    if (!(values.get(0) instanceof CborValue.MapValue map)) {
      throw new ProtocolException(Requirement.SET_FORMAT, "sender protocol settings are not a map: " + values.get(0));
    }
    CborValue encodings = map.get("contentencodings");
    if (encodings != null) {
      output.clientEncodings(byteStrings(encodings, Requirement.SET_FORMAT, "contentencodings"));
    }
  }

  /** The Latin-1 strings of an array of byte strings; {@code requirement} when it is not one. */
  private static List<String> byteStrings(CborValue value, Requirement requirement, String what)
      throws ProtocolException {
    if (!(value instanceof CborValue.Array array)) {
      throw new ProtocolException(requirement, what + " is not an array: " + value);
    }
    List<String> out = new ArrayList<>(array.items().size());
    for (CborValue item : array.items()) {
      if (!(item instanceof CborValue.Bytes b)) {
        throw new ProtocolException(requirement, what + " holds a value that is not a byte string: " + item);
      }
      out.add(b.latin1());
    }
    return List.copyOf(out);
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
      if (phase(id) != ServerRequest.Phase.RECEIVING_REQUEST) {
        throw new ProtocolException(Requirement.CMD_REQUEST_FRAME_FLAGS,
            "command-request frame after the last one of request " + id);
      }
      if (haveData != r.haveData) {
        throw new ProtocolException(Requirement.CMD_REQUEST_FRAME_FLAGS,
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
    if (partialRequests >= config().maxPartialRequests()) {
      throw new ProtocolException(Requirement.CMD_CONCURRENCY_LIMIT,
          "request " + id + " exceeds " + config().maxPartialRequests() + " requests being received at once");
    }
    ServerRequest r = new ServerRequest(id, haveData,
        new BoundedBuffer(config().maxRequestBytes(), Requirement.CMD_REQUEST_LIMIT, "command request", id));
    requests.put(id, r);
    enter(r, ServerRequest.Phase.RECEIVING_REQUEST);
    partialRequests++;
    if (shared.requestTimeoutNanos() > 0) {
      r.timer = core.timers.schedule(core.lastInput + shared.requestTimeoutNanos(), r);
    }
    return r;
  }

  private void onRequestComplete(ServerRequest r) throws ProtocolException {
    List<CborValue> values = CborDecoder.decodeAll(r.requestBytes.view(), CBOR_LIMITS);
    r.requestBytes = null;
    if (values.size() != 1) {
      throw new ProtocolException(Requirement.CBOR_ITEM_COUNT,
          "command request " + r.id + " holds " + values.size() + " CBOR items, not one");
    }
    r.request = CommandRequest.fromCbor(values.get(0));
    r.files = files((CborValue.MapValue) values.get(0));
    checkRedirectOffer(r.request.redirect());
    if (!r.haveData) {
      received(r);
      dispatch(r, null, false);
    } else {
      enter(r, ServerRequest.Phase.RECEIVING_DATA);
      if (config().dataMode() == ServerConfig.DataMode.STREAM) {
        dispatch(r, null, true);
      } else {
        r.data = new BoundedBuffer(config().maxBufferedDataBytes(), Requirement.CMD_REQUEST_LIMIT,
            "command data of request", r.id);
      }
    }
  }

  /** CMD-1: {@code files}, when present, is an array of byte strings. */
  private static List<CborValue.Bytes> files(CborValue.MapValue request) throws ProtocolException {
    CborValue files = request.get(KEY_FILES);
    if (files == null) {
      return List.of();
    }
    List<CborValue.Bytes> out = new ArrayList<>();
    if (files instanceof CborValue.Array array) {
      for (CborValue item : array.items()) {
        if (!(item instanceof CborValue.Bytes b)) {
          throw new ProtocolException(Requirement.CMD_REQUEST_MAP,
              "files holds a value that is not a byte string: " + item);
        }
        out.add(b);
      }
      return List.copyOf(out);
    }
    throw new ProtocolException(Requirement.CMD_REQUEST_MAP, "files is not an array: " + files);
  }

  /** CMD-1: the redirect offer's {@code targets} and {@code hashes}, when present, are arrays of byte strings. */
  private static void checkRedirectOffer(CborValue.MapValue redirect) throws ProtocolException {
    if (redirect == null) {
      return;
    }
    for (String key : new String[] {"targets", "hashes"}) {
      CborValue v = redirect.get(key);
      if (v != null) {
        byteStrings(v, Requirement.CMD_REQUEST_MAP, "redirect " + key);
      }
    }
  }

  private void onCommandData(Frame frame, InboundStream stream) throws ProtocolException {
    int id = frame.requestId();
    transition(ServerStateMachine.Input.COMMAND_FRAME, frame.type());
    // The phase comes from the request table's tag, not the request: with thousands of requests in
    // flight, reading the request object for every data frame would be a cache miss per frame.
    ServerRequest.Phase phase = phase(id);
    if (phase != ServerRequest.Phase.RECEIVING_DATA) {
      if (phase == null) {
        throw new ProtocolException(Requirement.CMD_UNKNOWN_REQUEST,
            "command data for request " + id + ", which is not in flight");
      }
      throw new ProtocolException(Requirement.CMD_DATA_EXPECTED, "command data for request " + id + ", which "
          + (!requests.get(id).haveData ? "is not flagged have-data"
              : phase == ServerRequest.Phase.RECEIVING_REQUEST ? "is still receiving request frames"
              : "already ended its data"));
    }
    boolean eos =
        frame.header().eosOfExactlyOne(Requirement.CMD_DATA_EXPECTED, "command-data frame of request " + id);
    if (config().dataMode() == ServerConfig.DataMode.STREAM) {
      ByteBuffer chunk = streamedChunk(frame, stream);
      ServerRequest r = eos ? requests.get(id) : null;
      if (eos) {
        received(r);
      }
      core.add(new ServerEvent.CommandData(id, chunk, eos));
      if (eos) {
        removeIfFinished(r);
      }
    } else {
      ServerRequest r = requests.get(id);
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
    enter(r, ServerRequest.Phase.RECEIVED);
    partialRequests--;
    core.timers.cancel(r.timer);
    r.timer = null;
  }

  /**
   * Moves {@code r}, which is in the request table, to {@code phase}. The phase lives only in the
   * table's tag for its id ({@link #phase(int)}), which the per-frame checks read without touching
   * the request object.
   */
  private void enter(ServerRequest r, ServerRequest.Phase phase) {
    requests.setTag(r.id, phase.ordinal() + 1);
  }

  /** The phase of request {@code id} from the table's tag, {@code null} when it is not in flight. */
  private ServerRequest.Phase phase(int id) {
    int tag = requests.tag(id);
    return tag == 0 ? null : PHASES[tag - 1];
  }

  private void dispatch(ServerRequest r, ByteBuffer data, boolean dataFollows) {
    r.dispatched = true;
    r.response = new ServerResponse(this, output, r, config().maxFrameSize());
    CommandRequest q = r.request;
    core.add(new ServerEvent.RunCommand(r.id, q.name().latin1(), q.args(), r.files, q.redirect(), data, dataFollows));
  }

  /**
   * Flushes every open response written to since the last call ({@link ServerResponse#flush()}):
   * call it when the loop has no more work for now, so that values reach the client within one
   * pass of the loop however slowly a handler produces them. Cost: one frame, and on an encoded
   * stream one encoder flush (ENC-4), per response written to since the last call.
   */
  public void flushResponses() {
    if (writtenTo == null) {
      return;
    }
    for (ServerResponse r : writtenTo) {
      r.markedWritten = false;
      if (r.hasUnflushed() && r.isOpen()) {
        r.flush();
      }
    }
    writtenTo = null;
  }

  /** Responses listed for the next {@link #flushResponses()} (tests: none is kept once ended). */
  int responsesWrittenTo() {
    return writtenTo == null ? 0 : writtenTo.size();
  }

  /** Called by {@link ServerResponse} after it handed bytes to its emitter. */
  void responseWrittenTo(ServerResponse r) {
    if (!r.markedWritten) {
      r.markedWritten = true;
      if (writtenTo == null) {
        writtenTo = new ArrayList<>(2);
      }
      writtenTo.add(r);
    }
  }

  /** Called by {@link ServerResponse} when its response has ended. */
  void responseEnded(ServerRequest r) {
    r.responseEnded = true;
    ServerResponse ended = r.response;
    if (ended != null && ended.markedWritten) {
      // Nothing to flush once ended; a host that never calls flushResponses() (SessionMulti, a
      // loop of its own) must not keep every response it answered. Most often it is the last one.
      ended.markedWritten = false;
      for (int i = writtenTo == null ? -1 : writtenTo.size() - 1; i >= 0; i--) {
        if (writtenTo.get(i) == ended) {
          writtenTo.remove(i);
          if (writtenTo.isEmpty()) {
            writtenTo = null;
          }
          break;
        }
      }
    }
    removeIfFinished(r);
    closeIfAllAnswered();
  }

  private void removeIfFinished(ServerRequest r) {
    // Done with it: received in full and answered in full.
    if (requests.get(r.id) == r && phase(r.id) == ServerRequest.Phase.RECEIVED && r.responseEnded) {
      requests.remove(r.id);
      if (requests.isEmpty()) {
        core.touch(); // the idle time counts from the last answer
      }
    }
  }

  private void closeIfAllAnswered() {
    if (state == ServerState.INPUT_ENDED && requests.isEmpty()) {
      state = ServerStateMachine.next(state, ServerStateMachine.Input.ALL_ANSWERED).next();
      finishClose(CloseReason.FINISHED);
    }
  }

  /** TRANS-6: requests not dispatched are dropped; dispatched ones cut off in their data are told. */
  private void dropPartialRequests() {
    if (partialRequests == 0) {
      return;
    }
    List<ServerRequest> partial = new ArrayList<>();
    requests.forEach((id, r) -> {
      if (phase(id) != ServerRequest.Phase.RECEIVED) {
        partial.add(r);
      }
    });
    for (ServerRequest r : partial) {
      received(r);
      if (r.dispatched) {
        core.add(new ServerEvent.DataTruncated(r.id));
      } else {
        requests.remove(r.id);
      }
    }
  }

  // ---------------------------------------------------------------- state

  private void transition(ServerStateMachine.Input in, FrameType type) throws ProtocolException {
    TransitionTable.Transition<ServerState> t = ServerStateMachine.next(state, in);
    if (!t.allowed()) {
      throw new ProtocolException(t.violation(), "a " + type + " frame may not come in state " + state);
    }
    state = t.next();
  }

  private void checkInputOpen() {
    if (state == ServerState.INPUT_ENDED || endHeld) {
      throw new IllegalStateException("input already ended");
    }
  }

  /** ERR-2, ERR-3: queue the protocol error frame, report, close. */
  private void fail(ProtocolException e) {
    Frame errorFrame = output.sendError(0, ErrorPayloads.protocol(e));
    core.add(new ServerEvent.ProtocolFailure(e.requirement(), e.getMessage(), errorFrame));
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
    writtenTo = null;
    withdrawDispatches();
    partialRequests = 0;
    held = null;
    endHeld = false;
    settingsBytes = null;
    core.close();
    core.add(new ServerEvent.Closed(reason));
  }

  /**
   * The close dropped every request, so the requests dispatched earlier in this same call can no
   * longer be answered: their {@link ServerEvent.RunCommand} (and data events) leave the batch,
   * rather than hand the caller a request whose {@link #response(int)} would throw.
   */
  private void withdrawDispatches() {
    Set<Integer> withdrawn = new HashSet<>();
    List<ServerEvent> events = core.pending();
    events.removeIf(e -> e instanceof ServerEvent.RunCommand run && withdrawn.add(run.requestId()));
    if (!withdrawn.isEmpty()) {
      events.removeIf(e -> e instanceof ServerEvent.CommandData d && withdrawn.contains(d.requestId())
          || e instanceof ServerEvent.DataTruncated t && withdrawn.contains(t.requestId()));
    }
  }
}
