package org.framewire.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.session.ProgressUpdate;
import org.framewire.session.ResponsePhase;
import org.framewire.session.ServerResponse;
import org.framewire.session.TextAtom;
import org.framewire.session.commands.ResponseWriter;

/**
 * The {@link ResponseWriter} of every transport here: it checks each call against the response's
 * phase on the caller's thread (so misuse throws there), waits on the connection's {@link
 * OutboundBudget} before data writes (LIMIT-3), and hands the call to the session's owner through
 * {@link SessionHost#execute}, where it becomes a call on the session's {@link ServerResponse}.
 *
 * <p>Data handed over is counted in the budget from the moment of the call until the session has
 * framed it; from then on the frames count, until written.
 */
final class SessionResponseWriter implements ResponseWriter {

  private final SessionHost host;
  private final OutboundBudget budget;
  private final ServerResponse response;
  private final Consumer<SessionResponseWriter> onEnd;
  /** Progress of the response as seen from the handler's side, checked on its thread. */
  private ResponsePhase phase = ResponsePhase.NOT_STARTED;
  private volatile boolean closed;
  /** Session side only: the response was ended for the handler ({@link #abort}); its queued calls are skipped. */
  private boolean aborted;
  /** Session side only: {@code onEnd} ran. */
  private boolean finished;

  /**
   * @param response the session's handle; touched only inside tasks run by {@code host}
   * @param onEnd called inside the task that ends the response, with the session's access
   */
  SessionResponseWriter(SessionHost host, ServerResponse response, Consumer<SessionResponseWriter> onEnd) {
    this.host = host;
    this.budget = host.budget();
    this.response = response;
    this.onEnd = onEnd;
  }

  @Override
  public int requestId() {
    return response.requestId();
  }

  @Override
  public synchronized boolean isOpen() {
    return !closed && phase != ResponsePhase.ENDED;
  }

  @Override
  public synchronized boolean hasOutput() {
    return phase.hasOutput();
  }

  @Override
  public boolean redirectOffered() {
    return response.redirectOffered();
  }

  /** The session closed: every later write is dropped, and waits on the budget end. */
  void markClosed() {
    closed = true;
  }

  // ---------------------------------------------------------------- data

  @Override
  public ResponseWriter writeObject(CborValue value) throws InterruptedException {
    Objects.requireNonNull(value, "value");
    return writeEncoded(ByteBuffer.wrap(CborEncoder.encode(value)));
  }

  @Override
  public ResponseWriter writeEncoded(ByteBuffer cbor) throws InterruptedException {
    ByteBuffer b = cbor.duplicate();
    return data(false, b.remaining(), r -> r.writeEncoded(b));
  }

  @Override
  public ResponseWriter writeByteString(ByteBuffer bytes) throws InterruptedException {
    ByteBuffer body = bytes.duplicate();
    // counted with the longest CBOR head (9 bytes); the same count is released once framed
    return data(false, 9 + (long) body.remaining(), r -> r.writeByteString(body));
  }

  @Override
  public ResponseWriter writeBytesChunk(ByteBuffer chunk) throws InterruptedException {
    ByteBuffer c = chunk.duplicate();
    return data(true, c.remaining(), r -> r.writeBytesChunk(c));
  }

  @Override
  public ResponseWriter beginBytes() {
    synchronized (this) {
      if (!closed) {
        phase = phase.beginBytes(requestId());
        submit(ServerResponse::beginBytes);
      }
    }
    return this;
  }

  @Override
  public ResponseWriter endBytes() {
    synchronized (this) {
      if (!closed) {
        phase = phase.endBytes(requestId());
        submit(ServerResponse::endBytes);
      }
    }
    return this;
  }

  /** Waits for the budget, checks the phase, counts the bytes and hands the write on. */
  private ResponseWriter data(boolean chunk, long bytes, Consumer<ServerResponse> write) throws InterruptedException {
    budget.awaitBelowLimit();
    synchronized (this) {
      if (!closed) {
        phase = chunk ? phase.chunk(requestId()) : phase.value(requestId());
        budget.add(bytes);
        run(write, bytes, false);
      }
    }
    return this;
  }

  // ---------------------------------------------------------------- frames of their own

  @Override
  public ResponseWriter textOutput(List<TextAtom> atoms) {
    List<TextAtom> copy = List.copyOf(atoms);
    List<CborValue> items = new ArrayList<>(copy.size());
    for (TextAtom a : copy) {
      items.add(a.toCbor());
    }
    int size = CborEncoder.encode(new CborValue.Array(items)).length;
    if (size > host.maxFrameSize()) {
      throw new IllegalArgumentException("text output of " + size + " bytes does not fit one frame of "
          + host.maxFrameSize() + " (TEXT-1)");
    }
    synchronized (this) {
      if (!closed) {
        phase = phase.sideFrame(requestId());
        submit(r -> r.textOutput(copy));
      }
    }
    return this;
  }

  @Override
  public ResponseWriter progress(ProgressUpdate update) {
    Objects.requireNonNull(update, "update");
    synchronized (this) {
      if (!closed) {
        phase = phase.sideFrame(requestId());
        submit(r -> r.progress(update));
      }
    }
    return this;
  }

  @Override
  public ResponseWriter flush() {
    synchronized (this) {
      if (!closed) {
        phase = phase.sideFrame(requestId());
        submit(ServerResponse::flush);
      }
    }
    return this;
  }

  // ---------------------------------------------------------------- endings

  @Override
  public void end() {
    synchronized (this) {
      if (closed) {
        return;
      }
      phase = phase.end(requestId());
      submitEnd(ServerResponse::end);
    }
  }

  @Override
  public void commandError(String message, List<? extends CborValue> args) {
    Objects.requireNonNull(message, "message");
    commandError(new CborValue.Bytes(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)), args);
  }

  @Override
  public void commandError(CborValue.Bytes message, List<? extends CborValue> args) {
    Objects.requireNonNull(message, "message");
    List<CborValue> copy = List.copyOf(args);
    synchronized (this) {
      if (closed) {
        return;
      }
      phase = phase.commandError(requestId());
      submitEnd(r -> r.commandError(message, copy));
    }
  }

  @Override
  public ResponseWriter redirect(CborValue.MapValue location) {
    Objects.requireNonNull(location, "location");
    if (!(location.get("url") instanceof CborValue.Bytes) || !(location.get("mediatype") instanceof CborValue.Bytes)) {
      throw new IllegalArgumentException("a redirect location needs byte strings url and mediatype: " + location);
    }
    synchronized (this) {
      if (!closed) {
        ResponsePhase next = phase.redirect(requestId());
        if (!redirectOffered()) {
          throw new IllegalStateException("CMD-9: request " + requestId() + " offered no redirect target");
        }
        phase = next;
        submit(r -> r.redirect(location));
      }
    }
    return this;
  }

  @Override
  public void serverError(String message) {
    Objects.requireNonNull(message, "message");
    synchronized (this) {
      if (closed) {
        return;
      }
      phase = phase.serverError(requestId());
      submitEnd(r -> r.serverError(message));
    }
  }

  /**
   * Ends the response from the session's side, with its access, for a server that stops waiting
   * (shutdown): an error-response of type {@code server} unless it already ended.
   */
  void abort(String message) {
    synchronized (this) {
      phase = ResponsePhase.ENDED;
      closed = true;
    }
    aborted = true;
    if (response.isOpen()) {
      response.serverError(message);
    }
    finish();
  }

  private void submit(Consumer<ServerResponse> op) {
    run(op, 0, false);
  }

  private void submitEnd(Consumer<ServerResponse> op) {
    run(op, 0, true);
  }

  /** Hands {@code op} to the session's owner, which releases {@code bytes} of budget once it is framed. */
  private void run(Consumer<ServerResponse> op, long bytes, boolean ends) {
    host.execute(s -> {
      try {
        if (!aborted) {
          op.accept(response);
        }
      } finally {
        if (ends) {
          finish();
        }
      }
    }, bytes);
  }

  private void finish() {
    if (!finished) {
      finished = true;
      onEnd.accept(this);
    }
  }

  @Override
  public String toString() {
    return "ResponseWriter[" + requestId() + " " + phase + (closed ? " closed" : "") + "]";
  }
}
