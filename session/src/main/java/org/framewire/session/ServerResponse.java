package org.framewire.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.FrameType;
import org.framewire.session.commands.ResponseWriter;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.ResponseEmitter;

/**
 * The application's handle on one response (SPEC.md §6.3), obtained from {@link
 * ServerSession#response(int)} after {@link ServerEvent.RunCommand}. Every write only queues
 * frames in the session's outbound queue; nothing blocks.
 *
 * <p>A successful response is the status map {@code {b'status': b'ok'}} — written for the
 * application before its first value — then the values it writes, then a command-response frame
 * with eos (CMD-7, CMD-8). A command that writes nothing still gets the status map and the eos frame
 * (CMD-15; Mercurial sends nothing at all in that case). The stream layer's {@link ResponseEmitter}
 * coalesces values into frames of the configured maximum size and splits larger ones, as Mercurial
 * does; a large byte string can be streamed as an indefinite-length byte string, chunk by chunk,
 * without holding it whole. The response owns an output stream until it ends (CMD-16), and that
 * stream's content encoding (SET-3, §8.2) applies to all of it; see {@link ServerSession}.
 *
 * <p>Instead of values, a response may be a command error ({@link #commandError}, CMD-10) or a
 * content redirect ({@link #redirect}, CMD-9), both only before any value. At any point {@link
 * #serverError} ends the response with an error-response frame of type {@code server}. Text output
 * ({@link #textOutput}, TEXT-1) and progress ({@link #progress}, PROG-1) frames may be sent
 * while the response is open.
 *
 * <p>Misuse — a value after {@link #end()}, a command error after values, a redirect the client
 * did not offer — throws {@link IllegalStateException}. Once the session has closed, every write
 * is silently dropped ({@link #isOpen()} turns false): the client is gone.
 *
 * <p>It is the {@link ResponseWriter} a command handler gets when it runs on the thread that drives
 * the session ({@code CommandRegistry.run(run, session.response(id))}): the same handlers then run
 * on a plain session and on every transport.
 *
 * <p>Not thread-safe: call it on the thread that drives the session.
 */
public final class ServerResponse implements ResponseWriter {

  private static final byte[] STATUS_OK =
      CborEncoder.encode(CborValue.MapValue.of(CborValue.bytes("status"), CborValue.bytes("ok")));

  private final ServerSession session;
  private final ServerOutput output;
  private final ServerRequest request;
  private final int frameSize;
  private ResponsePhase phase = ResponsePhase.NOT_STARTED;
  /** Whether the session lists this response as written to since its last {@link ServerSession#flushResponses()}. */
  boolean markedWritten;
  private boolean abandoned;
  /** The output stream the response owns, taken with its first frame. */
  private OutboundStream stream;
  /** Turns the response's bytes into frames; created with the first of them. */
  private ResponseEmitter emitter;

  ServerResponse(ServerSession session, ServerOutput output, ServerRequest request, int frameSize) {
    this.session = session;
    this.output = output;
    this.request = request;
    this.frameSize = frameSize;
  }

  /** The request this response answers. */
  @Override
  public int requestId() {
    return request.id;
  }

  /** Whether writes still reach the client: the response has not ended and the session is open. */
  @Override
  public boolean isOpen() {
    return phase != ResponsePhase.ENDED && !abandoned;
  }

  /** Whether {@link #end()}, {@link #commandError} or {@link #serverError} was called. */
  public boolean isEnded() {
    return phase == ResponsePhase.ENDED;
  }

  @Override
  public boolean hasOutput() {
    return phase.hasOutput();
  }

  /** How far the response has got. */
  public ResponsePhase phase() {
    return phase;
  }

  /**
   * Writes one CBOR value of the response, preceded by the ok status map if it is the first.
   *
   * @throws IllegalStateException after the end, a redirect, or inside a byte string
   */
  @Override
  public ServerResponse writeObject(CborValue value) {
    Objects.requireNonNull(value, "value");
    return writeEncoded(ByteBuffer.wrap(CborEncoder.encode(value)));
  }

  /**
   * Writes bytes that already are the CBOR encoding of one or more whole values (a cached
   * response, say); they pass through unchanged apart from the stream's content encoding. The
   * buffer's remaining bytes are copied; its position does not move.
   */
  @Override
  public ServerResponse writeEncoded(ByteBuffer cbor) {
    Objects.requireNonNull(cbor, "cbor");
    if (abandoned) {
      return this;
    }
    startValues(phase.value(request.id));
    append(cbor);
    return this;
  }

  /**
   * Writes one definite-length byte string holding {@code bytes}' remaining bytes: the CBOR head,
   * then the bytes, copied into the outgoing frames only; the buffer's position does not move.
   */
  @Override
  public ServerResponse writeByteString(ByteBuffer bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (abandoned) {
      return this;
    }
    startValues(phase.value(request.id));
    appendHead(bytes.remaining());
    append(bytes);
    return this;
  }

  /** Starts an indefinite-length byte string (CBOR head 0x5f): {@link #writeBytesChunk} follows. */
  @Override
  public ServerResponse beginBytes() {
    if (abandoned) {
      return this;
    }
    startValues(phase.beginBytes(request.id));
    append(ByteBuffer.wrap(new byte[] {(byte) CborEncoder.INDEFINITE_BYTES_HEAD}));
    return this;
  }

  /**
   * Writes one chunk of the open indefinite-length byte string, as a definite byte string. The
   * chunk's remaining bytes are copied into the outgoing frames; its position does not move.
   */
  @Override
  public ServerResponse writeBytesChunk(ByteBuffer chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (abandoned) {
      return this;
    }
    phase.chunk(request.id);
    appendHead(chunk.remaining());
    append(chunk);
    return this;
  }

  /** Ends the open indefinite-length byte string (CBOR break 0xff). */
  @Override
  public ServerResponse endBytes() {
    if (abandoned) {
      return this;
    }
    ResponsePhase next = phase.endBytes(request.id);
    append(ByteBuffer.wrap(new byte[] {(byte) CborEncoder.BREAK}));
    phase = next;
    return this;
  }

  /**
   * Ends the response: flushes what is buffered and sends the eos frame (CMD-8); a response with
   * no value gets the ok status map first.
   *
   * @throws IllegalStateException when already ended or inside a byte string
   */
  @Override
  public void end() {
    if (abandoned) {
      return;
    }
    phase.end(request.id);
    if (phase == ResponsePhase.NOT_STARTED) {
      begin(ByteBuffer.wrap(STATUS_OK));
    }
    endFrames();
    finish();
  }

  /**
   * Answers with a command error instead of values (CMD-10): the status map {@code {b'status':
   * b'error', b'error': {b'message': MESSAGE, b'args': [ARGS]}}} in one eos frame; {@code args} is
   * left out when empty, as Mercurial does.
   *
   * @param message the error message, a formatting string in which {@code %s} takes the next arg
   * @param args the arguments of the message, usually byte strings
   * @throws IllegalStateException once a value was written or the response ended
   */
  @Override
  public void commandError(String message, List<? extends CborValue> args) {
    Objects.requireNonNull(message, "message");
    commandError(utf8(message), args);
  }

  /** As {@link #commandError(String, List)}, with the message's bytes copied as they are (CONF-1 {@code fail}). */
  @Override
  public void commandError(CborValue.Bytes message, List<? extends CborValue> args) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(args, "args");
    if (abandoned) {
      return;
    }
    phase.commandError(request.id);
    List<CborValue.Entry> error = new ArrayList<>(2);
    error.add(new CborValue.Entry(CborValue.bytes("message"), message));
    if (!args.isEmpty()) {
      error.add(new CborValue.Entry(CborValue.bytes("args"), new CborValue.Array(List.copyOf(args))));
    }
    CborValue status = CborValue.MapValue.of(
        CborValue.bytes("status"), CborValue.bytes("error"),
        CborValue.bytes("error"), new CborValue.MapValue(error));
    begin(ByteBuffer.wrap(CborEncoder.encode(status)));
    endFrames();
    finish();
  }

  /**
   * Answers with a content redirect (SPEC.md §6.4): the status map {@code {b'status': b'redirect',
   * b'location': LOCATION}}; call {@link #end()} next.
   *
   * @param location the location map; it must hold a byte-string {@code url} and {@code mediatype}
   * @throws IllegalStateException when the client advertised no redirect target for this request
   *     (CMD-9), or once a value was written
   */
  @Override
  public ServerResponse redirect(CborValue.MapValue location) {
    Objects.requireNonNull(location, "location");
    if (!(location.get("url") instanceof CborValue.Bytes) || !(location.get("mediatype") instanceof CborValue.Bytes)) {
      throw new IllegalArgumentException("a redirect location needs byte strings url and mediatype: " + location);
    }
    if (abandoned) {
      return this;
    }
    ResponsePhase next = phase.redirect(request.id);
    if (!redirectOffered()) {
      throw new IllegalStateException(org.framewire.spec.Requirement.CMD_REDIRECT_ADVERTISED.id()
          + ": request " + request.id + " advertised no redirect target");
    }
    CborValue status = CborValue.MapValue.of(
        CborValue.bytes("status"), CborValue.bytes("redirect"), CborValue.bytes("location"), location);
    begin(ByteBuffer.wrap(CborEncoder.encode(status)));
    phase = next;
    return this;
  }

  /** Whether the client advertised at least one redirect target for this request (CMD-9). */
  @Override
  public boolean redirectOffered() {
    CborValue.MapValue offer = request.request.redirect();
    return offer != null && offer.get("targets") instanceof CborValue.Array targets && !targets.items().isEmpty();
  }

  /**
   * Ends the response with an error-response frame of type {@code server} (SPEC.md §7.1), at any
   * point: what was buffered and not yet sent is dropped, and no eos frame follows.
   *
   * @throws IllegalStateException when already ended
   */
  @Override
  public void serverError(String message) {
    Objects.requireNonNull(message, "message");
    if (abandoned) {
      return;
    }
    phase.serverError(request.id);
    output.abort(stream(), emitter, request.id, message);
    finish();
  }

  /**
   * Sends a text-output frame (SPEC.md §7.3, TEXT-1) for this request, unencoded, ahead of
   * response bytes still being coalesced.
   *
   * @throws IllegalArgumentException when the atoms do not fit one frame
   * @throws IllegalStateException once the response ended
   */
  @Override
  public ServerResponse textOutput(List<TextAtom> atoms) {
    Objects.requireNonNull(atoms, "atoms");
    if (abandoned) {
      return this;
    }
    phase.sideFrame(request.id);
    List<CborValue> items = new ArrayList<>(atoms.size());
    for (TextAtom a : atoms) {
      items.add(a.toCbor());
    }
    sendSingleFrame(FrameType.TEXT_OUTPUT, CborEncoder.encode(new CborValue.Array(items)));
    return this;
  }

  /**
   * Sends a progress frame (SPEC.md §7.4, PROG-1) for this request, unencoded.
   *
   * @throws IllegalStateException once the response ended
   */
  @Override
  public ServerResponse progress(ProgressUpdate update) {
    Objects.requireNonNull(update, "update");
    if (abandoned) {
      return this;
    }
    phase.sideFrame(request.id);
    sendSingleFrame(FrameType.PROGRESS, CborEncoder.encode(update.toCbor()));
    return this;
  }

  /**
   * A flush point: the values written so far go out now instead of waiting for a full frame or the
   * end — on an encoded stream with the encoder flushed (ENC-4), so the client can decode them.
   * Hosts that run handlers on other threads flush every open response whenever their loop runs
   * out of work ({@link ServerSession#flushResponses()}); a handler on the session's own thread
   * calls this itself between slow values.
   *
   * @throws IllegalStateException once the response ended
   */
  @Override
  public ServerResponse flush() {
    if (abandoned) {
      return this;
    }
    phase.sideFrame(request.id);
    if (emitter != null) {
      emitter.flush();
    }
    return this;
  }

  /** Whether written bytes may still wait in the emitter or the encoder. */
  boolean hasUnflushed() {
    return !abandoned && emitter != null && emitter.hasUnflushed();
  }

  /** Called by the session when it closes: later writes are dropped. */
  void abandon() {
    abandoned = true;
  }

  // ---------------------------------------------------------------- internals

  /**
   * Moves to {@code next} (the phase check already passed), writing the ok status map first if
   * nothing was written yet.
   */
  private void startValues(ResponsePhase next) {
    if (phase == ResponsePhase.NOT_STARTED) {
      begin(ByteBuffer.wrap(STATUS_OK));
    }
    phase = next;
  }

  /** The CBOR head of a definite-length byte string of {@code length} bytes. */
  private void appendHead(int length) {
    ByteArrayOutputStream head = new ByteArrayOutputStream(9);
    CborEncoder.writeHead(head, CborEncoder.MAJOR_BYTES, length);
    append(ByteBuffer.wrap(head.toByteArray()));
  }

  private void sendSingleFrame(FrameType type, byte[] payload) {
    if (payload.length > frameSize) {
      throw new IllegalArgumentException(type + " payload of " + payload.length
          + " bytes does not fit one frame of " + frameSize);
    }
    output.sendRaw(stream(), request.id, type, ByteBuffer.wrap(payload));
  }

  /** The response's stream, taken on first use and kept until the response ends (CMD-16). */
  private OutboundStream stream() {
    if (stream == null) {
      stream = output.acquire();
    }
    return stream;
  }

  /** Starts the response with its status map (CMD-7). */
  private void begin(ByteBuffer status) {
    emitter = new ResponseEmitter(stream(), request.id);
    emitter.begin(status);
    session.responseWrittenTo(this);
  }

  /** Hands response bytes to the emitter, which copies them into frames. */
  private void append(ByteBuffer src) {
    emitter.write(src.duplicate());
    session.responseWrittenTo(this);
  }

  /** Sends the rest and the eos frame (CMD-8), flushing the encoder (ENC-4). */
  private void endFrames() {
    emitter.end(false);
    output.release(stream);
  }

  private void finish() {
    phase = ResponsePhase.ENDED;
    session.responseEnded(request);
  }

  private static CborValue.Bytes utf8(String s) {
    return new CborValue.Bytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
