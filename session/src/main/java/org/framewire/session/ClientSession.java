package org.framewire.session;

// Why this file is over 600 lines: about 70 are imports and the class comment with the loop it shows;
// the rest is the client's own rules of SPEC.md §6-§8 and §10 over one shared state: the state
// table's state, the requests sent and those waiting for a place (CMD-11), each response's decoder
// and status (CMD-7 to CMD-10, CMD-16), and the output it owes (LIMIT-8). The framing of requests
// (ClientOutput), the clock, timers and input (SessionCore) and the state table
// (ClientStateMachine) already live apart; what is left reads and writes that state together.

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEvent;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.streams.InboundStream;
import org.framewire.spec.Requirement;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;

/**
 * The client side of one connection, sans I/O (SPEC.md §6, §7, §8): {@link #sendCommand} queues a
 * request's frames, the server's bytes or frames go in, and {@link ClientEvent}s come out — each
 * response value as soon as its last byte arrived. It never touches a socket, never starts a
 * thread and never blocks; time comes from an injected nanosecond clock.
 *
 * <pre>{@code
 * ClientSession c = new ClientSession(ClientConfig.DEFAULTS);
 * int id = c.sendCommand(CommandRequest.of("heads"));
 * while (c.wantsWrite()) { long n = channel.write(c.outbound()); c.written(n); if (n == 0) break; }
 * for (ClientEvent e : c.receive(bytesFromSocket)) { ... }
 * }</pre>
 *
 * <p>A client may pipeline as deep as it likes (SPEC.md §6.5): {@link #sendCommand} takes a batch of
 * any size. Up to {@link ClientConfig#maxConcurrentRequests()} requests go out at once; each further
 * one takes its request id at once but waits in the session, in order, and goes out when a response
 * ends. The bound is the request id space: 32 768 requests sent or waiting, past which {@code
 * sendCommand} refuses with an {@link IllegalStateException} saying so ({@link #canSend()} tells
 * beforehand). The server paces what it reads (CMD-11), so sending all at once is safe.
 * Input is wanted whatever the client owes (LIMIT-8): stopping until its requests are written
 * would wait on a server that stopped reading for its answers (LIMIT-3). What it owes is what its
 * caller sent (views of the caller's buffers, never copies), so it is bounded toward the caller:
 * see {@link ClientConfig#maxOutboundBytes()}.
 *
 * <p>The first frame it sends is the sender-protocol-settings frame advertising {@link
 * ClientConfig#contentEncodings()} (SET-1), unless that list is empty. Requests go out unencoded, or,
 * with {@link ClientConfig#sendEncoding()}, after stream settings naming it, through one encoder
 * context flushed at the end of each message and every 2^24 input bytes (ENC-3, ENC-4, ENC-11;
 * {@code ClientOutput}). Requests get odd ids from a
 * {@link RequestTable} — increasing, wrapping after 65535, never one still in flight (CMD-3) — and
 * may be sent while others are in flight (CMD-12). Responses are decoded per stream by the stream
 * layer (SPEC.md §4, whatever encoding the server chose) and per request by a CBOR decoder, so
 * they may interleave freely.
 *
 * <p>It checks every frame as SPEC.md §7.2 orders: the header (FRAME-2..5), runs of empty frames
 * (LIMIT-2), the direction (FRAME-9), the request id (FRAME-7), the stream rules and decoding (the
 * stream layer), then the frame's type: responses only for requests in flight (CMD-4), exactly one
 * of continuation and eos and one stream per response (CMD-16), a status map first (CMD-7), a
 * redirect only when offered and alone (CMD-9, CMD-17), error maps (CMD-10, ERR-1), text atoms
 * (TEXT-1), progress maps (PROG-1), one CBOR item per message frame (CBOR-4). A server that breaks
 * one gets no error frame (ERR-2): the session stops, emits {@link ClientEvent.ProtocolFailure} and
 * {@link ClientEvent.Closed}, and the caller closes the connection. A protocol error-response from
 * the server fails every request and closes the session too (ERR-5).
 *
 * <p><b>Not thread-safe.</b> One thread drives a session; {@link ClientCalls} adds futures on top
 * without changing that.
 */
public final class ClientSession {

  /** The client's one output stream: the first odd id (STREAM-1). */
  static final int STREAM_ID = 1;

  private final ClientConfig config;
  private final LongSupplier clock;
  private final long requestTimeoutNanos;
  private final DeadlineQueue<Object> timers = new DeadlineQueue<>();
  /** The clock, timers, input path, streams and events, shared in kind with the server session. */
  private final SessionCore<ClientEvent> core;
  private final StreamRegistry streams;
  private final RequestTable<ClientRequest> requests;
  private final OutboundQueue outbound = new OutboundQueue();
  /** Turns requests into the frames of the client's stream, encoded or not. */
  private final ClientOutput requestOutput;
  /** Requests holding an id whose frames wait for a place among the concurrent ones, oldest first. */
  private final ArrayDeque<ClientRequest> waiting = new ArrayDeque<>();
  /** Requests sent whose response has not ended. */
  private int sentRequests;
  /** Reused to collect the payload of a single-frame message (error, text, progress). */
  private final BoundedBuffer message;

  /** The session's state; the transitions are {@link ClientStateMachine}'s table. */
  private ClientStateMachine.State state = ClientStateMachine.State.INITIAL;

  /** A session with {@code config} on {@link System#nanoTime()}. */
  public ClientSession(ClientConfig config) {
    this(config, System::nanoTime);
  }

  /** A session with {@code config} whose timers run on {@code nanoClock}. */
  public ClientSession(ClientConfig config, LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.requestTimeoutNanos = config.requestTimeout().toNanos();
    this.streams = new StreamRegistry(Side.CLIENT, config.streamLimits(), config.profiles());
    this.requestOutput = new ClientOutput(config, streams, outbound);
    this.requests = new RequestTable<>(RequestTable.ID_COUNT);
    this.message = new BoundedBuffer(Integer.MAX_VALUE - 8, Requirement.ENC_DECODED_LIMIT, "message");
    FrameInput.Rules rules = new FrameInput.Rules(config.maxInboundFrameSize(), config.maxEmptyFrames(),
        config.frameReadTimeout().toNanos(), FrameInput.FROM_SERVER, "server");
    this.core = new SessionCore<>(clock, timers, streams, rules, config.idleTimeout().toNanos()) {
      @Override
      boolean closed() {
        return isClosed();
      }

      @Override
      void onFrame(Frame frame) throws ProtocolException {
        ClientSession.this.onFrame(frame);
      }

      @Override
      boolean paused() {
        return false;
      }

      @Override
      void fail(ProtocolException e) {
        ClientSession.this.fail(e);
      }

      @Override
      void frameReadExpired(long now) {
        ClientSession.this.fail(frameReadTimeout());
      }

      @Override
      boolean hasRequests() {
        return !requests.isEmpty();
      }

      @Override
      void idleExpired() {
        terminate(CloseReason.IDLE_TIMEOUT);
      }

      @Override
      void timerExpired(DeadlineQueue.Timer<Object> timer, long now) {
        requestTimedOut(timer, now);
      }
    };
  }

  /** A request's timer expired: it fails alone, and is abandoned (nothing more is reported for it). */
  private void requestTimedOut(DeadlineQueue.Timer<Object> t, long now) {
    ClientRequest r = (ClientRequest) t.payload();
    r.timer = null;
    r.abandoned = true;
    core.add(new ClientEvent.RequestTimedOut(r.id));
  }

  public ClientConfig config() {
    return config;
  }

  public boolean isClosed() {
    return state == ClientStateMachine.State.CLOSED;
  }

  /** Requests sent or waiting to be sent whose response has not ended, abandoned ones included. */
  public int requestCount() {
    return requests.size();
  }

  /** Requests holding an id but waiting to be sent, beyond {@link ClientConfig#maxConcurrentRequests()}. */
  public int waitingCount() {
    return waiting.size();
  }

  /** Whether {@link #sendCommand} takes one more request now: open, and a request id is free. */
  public boolean canSend() {
    return !isClosed() && !requests.isFull();
  }

  // ---------------------------------------------------------------- sending

  /**
   * Queues the frames of a command request without data (SPEC.md §6.1).
   *
   * @return the request's id
   * @throws IllegalStateException when closed, or when all 32 768 request ids are taken by
   *     requests sent or waiting (see {@link #canSend()})
   */
  public int sendCommand(CommandRequest request) {
    return send(request, null);
  }

  /**
   * Queues the frames of a command request with command data (SPEC.md §6.2). Unencoded, the data
   * frames are views of {@code data}: leave its bytes unchanged until the frames have been written
   * (encoded, they hold the encoder's output, made when the request is sent).
   */
  public int sendCommand(CommandRequest request, ByteBuffer data) {
    return send(request, Objects.requireNonNull(data, "data"));
  }

  private int send(CommandRequest request, ByteBuffer data) {
    Objects.requireNonNull(request, "request");
    if (isClosed()) {
      throw new IllegalStateException("session closed");
    }
    if (requests.isFull()) {
      throw new IllegalStateException(requests.capacity() + " requests are sent or waiting: every odd request id"
          + " is taken (SPEC.md §6.5); send more once responses have ended");
    }
    CborValue.MapValue redirect = request.redirect();
    boolean offered = redirect != null && redirect.get("targets") instanceof CborValue.Array t && !t.items().isEmpty();
    int id = requests.allocate(i -> new ClientRequest(i, offered));
    ClientRequest placed = requests.get(id);
    if (sentRequests < config.maxConcurrentRequests()) {
      transmit(placed, request, data);
    } else {
      placed.command = request;
      placed.data = data;
      waiting.addLast(placed);
    }
    return id;
  }

  /** Queues the frames of {@code placed}, which holds its id, and starts its request timer. */
  private void transmit(ClientRequest placed, CommandRequest request, ByteBuffer data) {
    placed.sent = true;
    sentRequests++;
    boolean first = state == ClientStateMachine.State.INITIAL;
    state = ClientStateMachine.next(state, ClientStateMachine.Input.REQUEST_SENT);
    requestOutput.send(placed.id, request, data, first);
    if (requestTimeoutNanos > 0) {
      placed.timer = timers.schedule(clock.getAsLong() + requestTimeoutNanos, placed);
    }
  }

  /** Sends the waiting requests that fit among the concurrent ones now, oldest first. */
  private void sendWaiting() {
    while (!waiting.isEmpty() && sentRequests < config.maxConcurrentRequests()) {
      ClientRequest r = waiting.pollFirst();
      CommandRequest command = r.command;
      ByteBuffer data = r.data;
      r.command = null;
      r.data = null;
      transmit(r, command, data);
    }
  }

  /**
   * Gives up on a request locally: nothing more is reported for it. SPEC.md has no way to cancel
   * a request on the server, so its id stays reserved, and what still arrives for it is dropped,
   * until the server ends the response. A no-op for an unknown or already abandoned request.
   */
  public void abandon(int requestId) {
    ClientRequest r = requests.get(requestId);
    if (r != null && !r.sent) {
      waiting.remove(r); // never sent: its id is free at once
      requests.remove(requestId);
      return;
    }
    if (r != null && !r.abandoned) {
      r.abandoned = true;
      timers.cancel(r.timer);
      r.timer = null;
    }
  }

  // ---------------------------------------------------------------- output

  /**
   * Lends every byte not yet written, as {@link ServerSession#outbound()} does: write them, then
   * report the count with {@link #written(long)}; until then they count as owed ({@link #outboundBytes()}).
   */
  public ByteBuffer[] outbound() {
    return outbound.outbound();
  }

  /** Reports {@code n} bytes of what {@link #outbound()} lent as written; see {@link ServerSession#written(long)}. */
  public void written(long n) {
    outbound.written(n);
  }

  /** Whether bytes wait to be written: queued, or lent by {@link #outbound()} and not yet written. */
  public boolean wantsWrite() {
    return outbound.owesBytes();
  }

  /**
   * Takes every queued outbound frame for good as gather-ready buffers (header bytes, then
   * payload), for a host that counts its unwritten bytes itself; see {@link ServerSession#pollOutbound()}.
   */
  public ByteBuffer[] pollOutbound() {
    return outbound.pollBuffers();
  }

  /** Takes every queued outbound frame for good. */
  public List<Frame> pollFrames() {
    return outbound.pollFrames();
  }

  /** Bytes owed: queued, or lent by {@link #outbound()} and not yet written. */
  public long outboundBytes() {
    return outbound.bytes();
  }

  /**
   * Whether the transport should read more input: until the session closes, however many bytes
   * this client still owes (LIMIT-8, SPEC.md §10; the class comment says why).
   */
  public boolean wantsInput() {
    return !isClosed();
  }

  // ---------------------------------------------------------------- input

  /** Feeds bytes from the server; see {@link ServerSession#receive(ByteBuffer)}. Ignored once closed. */
  public List<ClientEvent> receive(ByteBuffer bytes) {
    if (isClosed()) {
      return List.of();
    }
    core.touch();
    return core.call(() -> core.receive(bytes));
  }

  /** Reacts to one frame from the server. Ignored once closed. */
  public List<ClientEvent> receiveFrame(Frame frame) {
    Objects.requireNonNull(frame, "frame");
    if (isClosed()) {
      return List.of();
    }
    core.touch();
    return core.call(() -> core.feedFrame(frame));
  }

  /**
   * The server ended its output. The session closes ({@link CloseReason#PEER_CLOSED}); requests
   * still open are listed in the {@link ClientEvent.Closed} event. Ending inside a frame is a
   * protocol failure (FRAME-6).
   */
  public List<ClientEvent> receiveEnd() {
    if (isClosed()) {
      return List.of();
    }
    return core.call(() -> {
      core.end();
      terminate(CloseReason.PEER_CLOSED);
    });
  }

  /** Closes the session locally ({@link CloseReason#LOCAL_CLOSE}). Idempotent. */
  public List<ClientEvent> close() {
    if (!isClosed()) {
      terminate(CloseReason.LOCAL_CLOSE);
    }
    return core.takeEvents();
  }

  // ---------------------------------------------------------------- time

  /** The session clock's current reading. */
  public long now() {
    return clock.getAsLong();
  }

  /** When {@link #onTimeout(long)} must be called next, or {@link Long#MAX_VALUE}. */
  public long nextDeadline() {
    return timers.nextDeadline();
  }

  /**
   * Runs the timers expired at {@code now}: a frame incomplete for the frame-read timeout is a
   * violation (LIMIT-4); requests past the request timeout fail alone with {@link
   * ClientEvent.RequestTimedOut}; an idle session closes ({@link CloseReason#IDLE_TIMEOUT}).
   */
  public List<ClientEvent> onTimeout(long now) {
    return core.onTimeout(now);
  }

  // ---------------------------------------------------------------- frames

  private void onFrame(Frame frame) throws ProtocolException {
    state = ClientStateMachine.next(state, ClientStateMachine.Input.SERVER_FRAME);
    int id = frame.requestId();
    if (!RequestTable.isValidId(id) && !(id == 0 && frame.type() == FrameType.ERROR_RESPONSE)) {
      throw new ProtocolException(Requirement.FRAME_REQUEST_ID_PARITY, "request id " + id + " of a server frame is not"
          + " a client request's (only a protocol error-response carries 0)");
    }
    InboundStream stream = streams.accept(frame);
    if (stream == null) {
      return; // a stream-settings frame, consumed by the stream layer (SPEC.md §4.1)
    }
    if (frame.type() == FrameType.COMMAND_RESPONSE) {
      ClientRequest r = sent(id);
      if (r == null) {
        throw unknown(frame);
      }
      onResponse(r, frame, stream);
    } else {
      message.reset();
      stream.decode(frame, (f, bytes) -> message.append(bytes));
      onMessage(frame, frame.type());
    }
  }

  /** The request {@code id} when it was sent and its response has not ended; {@code null} otherwise. */
  private ClientRequest sent(int id) {
    ClientRequest r = requests.get(id);
    return r != null && r.sent ? r : null;
  }

  private ProtocolException unknown(Frame frame) {
    return new ProtocolException(Requirement.CMD_UNKNOWN_REQUEST,
        frame.type() + " frame for request " + frame.requestId() + ", which is not in flight");
  }

  private void onResponse(ClientRequest r, Frame frame, InboundStream stream) throws ProtocolException {
    boolean eos =
        frame.header().eosOfExactlyOne(Requirement.CMD_RESPONSE_FLAGS, "command-response frame of request " + r.id);
    if (r.streamId == 0) {
      r.streamId = frame.streamId();
    } else if (r.streamId != frame.streamId()) {
      throw new ProtocolException(Requirement.CMD_RESPONSE_FLAGS, "the response to request " + r.id
          + " moved from stream " + r.streamId + " to stream " + frame.streamId());
    }
    if (r.decoder == null && !r.abandoned) {
      r.decoder = config.byteStrings() == ClientConfig.ByteStringMode.STREAM
          ? CborDecoder.streaming(config.cborLimits())
          : new CborDecoder(config.cborLimits());
    }
    if (r.abandoned) {
      stream.decode(frame, (f, bytes) -> { });
    } else {
      stream.decode(frame, (f, bytes) -> {
        r.decoder.feed(bytes.duplicate());
        drain(r);
      });
    }
    if (eos) {
      endResponse(r);
    }
  }

  /** Hands out every event the request's decoder completed. */
  private void drain(ClientRequest r) throws ProtocolException {
    for (CborEvent e; (e = r.decoder.pollEvent()) != null; ) {
      if (r.status == null) {
        if (!(e instanceof CborEvent.Item item)) {
          throw new ProtocolException(Requirement.CMD_STATUS_FIRST,
              "response to request " + r.id + " begins with a byte string, not the status map");
        }
        onStatus(r, item.value());
        continue;
      }
      switch (r.status) {
        case OK -> {
          if (e instanceof CborEvent.Item item) {
            core.add(new ClientEvent.ResponseObject(r.id, item.value()));
          } else if (e instanceof CborEvent.BytesChunk chunk) {
            core.add(new ClientEvent.ResponseChunk(r.id, chunk.chunk(), false));
          } else if (e instanceof CborEvent.BytesEnd) {
            core.add(new ClientEvent.ResponseChunk(r.id, new byte[0], true));
          }
        }
        case ERROR -> throw new ProtocolException(Requirement.CMD_ERROR_MAP,
            "a value follows the error status map of request " + r.id);
        case REDIRECT -> throw new ProtocolException(Requirement.CMD_REDIRECT_ALONE,
            "a value follows the redirect status map of request " + r.id);
      }
    }
  }

  private void onStatus(ClientRequest r, CborValue value) throws ProtocolException {
    if (!(value instanceof CborValue.MapValue map) || !(map.get("status") instanceof CborValue.Bytes status)) {
      throw new ProtocolException(Requirement.CMD_STATUS_FIRST,
          "the first value of the response to request " + r.id + " is not a status map: " + value);
    }
    switch (status.latin1()) {
      case "ok" -> r.status = ClientRequest.Status.OK;
      case "error" -> {
        if (!(map.get("error") instanceof CborValue.MapValue error)
            || !(error.get("message") instanceof CborValue.Bytes)
            || (error.get("args") != null && !(error.get("args") instanceof CborValue.Array))) {
          throw new ProtocolException(Requirement.CMD_ERROR_MAP,
              "error status of request " + r.id + " lacks an error map with a message: " + value);
        }
        r.status = ClientRequest.Status.ERROR;
        r.error = error;
      }
      case "redirect" -> {
        if (!r.redirectOffered) {
          throw new ProtocolException(Requirement.CMD_REDIRECT_ADVERTISED,
              "redirect for request " + r.id + ", which advertised no redirect target");
        }
        if (!(map.get("location") instanceof CborValue.MapValue location)
            || !(location.get("url") instanceof CborValue.Bytes)) {
          throw new ProtocolException(Requirement.CMD_STATUS_FIRST,
              "redirect status of request " + r.id + " lacks a location with a url: " + value);
        }
        r.status = ClientRequest.Status.REDIRECT;
        core.add(new ClientEvent.Redirect(r.id, location));
      }
      default -> throw new ProtocolException(Requirement.CMD_STATUS_FIRST,
          "unknown status " + status + " of request " + r.id);
    }
  }

  private void endResponse(ClientRequest r) throws ProtocolException {
    finishRequest(r);
    if (r.abandoned) {
      return;
    }
    r.decoder.finish();
    drain(r);
    if (r.status == null) {
      throw new ProtocolException(Requirement.CBOR_ITEM_COUNT,
          "response to request " + r.id + " ended without any item");
    }
    if (r.status == ClientRequest.Status.ERROR) {
      CborValue args = r.error.get("args");
      core.add(new ClientEvent.CommandError(r.id, TextAtom.utf8((CborValue.Bytes) r.error.get("message")),
          args == null ? List.of() : ((CborValue.Array) args).items()));
    } else {
      core.add(new ClientEvent.ResponseComplete(r.id));
    }
  }

  private void onMessage(Frame frame, FrameType type) throws ProtocolException {
    int id = frame.requestId();
    ClientRequest r = sent(id);
    List<CborValue> values = CborDecoder.decodeAll(message.view(), config.cborLimits());
    if (values.size() != 1) {
      throw new ProtocolException(Requirement.CBOR_ITEM_COUNT,
          type + " payload holds " + values.size() + " CBOR items, not one");
    }
    CborValue value = values.get(0);
    if (type == FrameType.ERROR_RESPONSE) {
      onError(frame, r, value);
      return;
    }
    if (r == null) {
      throw unknown(frame);
    }
    if (type == FrameType.TEXT_OUTPUT) {
      List<TextAtom> atoms = TextAtom.listFromCbor(value, Requirement.TEXT_ATOMS);
      if (!r.abandoned) {
        core.add(new ClientEvent.TextOutput(id, atoms));
      }
    } else {
      ProgressUpdate update = ProgressUpdate.fromCbor(value);
      if (!r.abandoned) {
        core.add(new ClientEvent.Progress(id, update));
      }
    }
  }

  /**
   * An error-response (SPEC.md §7.1): a server error ends its request (ERR-4); a protocol error —
   * whatever request id it carries — fails every request and ends the session (ERR-5).
   */
  private void onError(Frame frame, ClientRequest r, CborValue value) throws ProtocolException {
    if (!(value instanceof CborValue.MapValue map) || !(map.get("type") instanceof CborValue.Bytes typeBytes)) {
      throw new ProtocolException(Requirement.ERR_PAYLOAD, "error-response payload is not a map with a type: " + value);
    }
    String errorType = typeBytes.latin1();
    if (!errorType.equals(ErrorPayloads.PROTOCOL) && !errorType.equals(ErrorPayloads.SERVER)) {
      throw new ProtocolException(Requirement.ERR_PAYLOAD, "unknown error type " + errorType);
    }
    List<TextAtom> atoms = TextAtom.listFromCbor(map.get("message"), Requirement.ERR_PAYLOAD);
    if (errorType.equals(ErrorPayloads.PROTOCOL)) {
      CborValue requirement = map.get("requirement");
      String id = requirement instanceof CborValue.Bytes b ? b.latin1() : null;
      core.add(new ClientEvent.ErrorResponse(frame.requestId(), errorType, atoms, id));
      terminate(CloseReason.PEER_ERROR);
      return;
    }
    if (r == null) {
      throw unknown(frame);
    }
    finishRequest(r);
    if (!r.abandoned) {
      core.add(new ClientEvent.ErrorResponse(r.id, errorType, atoms, null));
    }
  }

  /** Frees the request's id: its response ended one way or another. */
  private void finishRequest(ClientRequest r) {
    requests.remove(r.id);
    timers.cancel(r.timer);
    r.timer = null;
    sentRequests--;
    sendWaiting();
  }

  // ---------------------------------------------------------------- failure

  /** ERR-2: a client reports and closes; only a server sends an error frame. */
  private void fail(ProtocolException e) {
    core.add(new ClientEvent.ProtocolFailure(e.requirement(), e.getMessage()));
    terminate(CloseReason.PROTOCOL_ERROR);
  }

  private void terminate(CloseReason reason) {
    state = ClientStateMachine.next(state, ClientStateMachine.Input.TERMINATE);
    List<Integer> open = new ArrayList<>();
    requests.forEach((id, r) -> {
      if (!r.abandoned) {
        open.add(id);
      }
    });
    requests.clear();
    waiting.clear();
    sentRequests = 0;
    core.close();
    core.add(new ClientEvent.Closed(reason, open));
  }
}
