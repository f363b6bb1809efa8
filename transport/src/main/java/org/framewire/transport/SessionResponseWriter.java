package org.framewire.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.session.ProgressUpdate;
import org.framewire.session.ServerResponse;
import org.framewire.session.TextAtom;
import org.framewire.transport.commands.ResponseWriter;

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

  /** Progress of the response, as seen from the handler's side. */
  private enum Phase { NOT_STARTED, VALUES, BYTE_CHUNKS, REDIRECTED, ENDED }

  private final SessionHost host;
  private final OutboundBudget budget;
  private final ServerResponse response;
  private final Consumer<SessionResponseWriter> onEnd;
  private Phase phase = Phase.NOT_STARTED;
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
    return !closed && phase != Phase.ENDED;
  }

  @Override
  public synchronized boolean hasOutput() {
    return phase != Phase.NOT_STARTED;
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
  public void writeObject(CborValue value) throws InterruptedException {
    Objects.requireNonNull(value, "value");
    writeEncoded(ByteBuffer.wrap(CborEncoder.encode(value)));
  }

  @Override
  public void writeEncoded(ByteBuffer cbor) throws InterruptedException {
    ByteBuffer b = cbor.duplicate();
    data(false, b.remaining(), r -> r.writeEncoded(b));
  }

  @Override
  public void writeByteString(ByteBuffer bytes) throws InterruptedException {
    ByteBuffer body = bytes.duplicate();
    ByteArrayOutputStream head = new ByteArrayOutputStream(9);
    CborEncoder.writeHead(head, CborEncoder.MAJOR_BYTES, body.remaining());
    ByteBuffer h = ByteBuffer.wrap(head.toByteArray());
    data(false, h.remaining() + (long) body.remaining(), r -> {
      r.writeEncoded(h);
      r.writeEncoded(body);
    });
  }

  @Override
  public void writeBytesChunk(ByteBuffer chunk) throws InterruptedException {
    ByteBuffer c = chunk.duplicate();
    data(true, c.remaining(), r -> r.writeBytesChunk(c));
  }

  @Override
  public void beginBytes() {
    synchronized (this) {
      if (closed) {
        return;
      }
      requireValuesAllowed("a byte string");
      phase = Phase.BYTE_CHUNKS;
      submit(ServerResponse::beginBytes);
    }
  }

  @Override
  public void endBytes() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (phase != Phase.BYTE_CHUNKS) {
        throw new IllegalStateException("no indefinite byte string open");
      }
      phase = Phase.VALUES;
      submit(ServerResponse::endBytes);
    }
  }

  /** Waits for the budget, checks the phase, counts the bytes and hands the write on. */
  private void data(boolean chunk, long bytes, Consumer<ServerResponse> write) throws InterruptedException {
    budget.awaitBelowLimit();
    synchronized (this) {
      if (closed) {
        return;
      }
      if (chunk) {
        if (phase != Phase.BYTE_CHUNKS) {
          throw new IllegalStateException("no indefinite byte string open: beginBytes() first");
        }
      } else {
        requireValuesAllowed("a value");
        phase = Phase.VALUES;
      }
      budget.add(bytes);
      run(write, bytes, false);
    }
  }

  private void requireValuesAllowed(String what) {
    switch (phase) {
      case ENDED -> throw new IllegalStateException("response to request " + requestId() + " already ended");
      case REDIRECTED -> throw new IllegalStateException(what + " after a redirect: only end() may follow");
      case BYTE_CHUNKS -> throw new IllegalStateException("inside an indefinite byte string: endBytes() first");
      default -> { }
    }
  }

  // ---------------------------------------------------------------- frames of their own

  @Override
  public void textOutput(List<TextAtom> atoms) {
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
      if (closed) {
        return;
      }
      requireNotEnded();
      submit(r -> r.textOutput(copy));
    }
  }

  @Override
  public void progress(ProgressUpdate update) {
    Objects.requireNonNull(update, "update");
    synchronized (this) {
      if (closed) {
        return;
      }
      requireNotEnded();
      submit(r -> r.progress(update));
    }
  }

  // ---------------------------------------------------------------- endings

  @Override
  public void end() {
    synchronized (this) {
      if (closed) {
        return;
      }
      requireNotEnded();
      if (phase == Phase.BYTE_CHUNKS) {
        throw new IllegalStateException("inside an indefinite byte string: endBytes() first");
      }
      phase = Phase.ENDED;
      submitEnd(ServerResponse::end);
    }
  }

  @Override
  public void commandError(String message, List<? extends CborValue> args) {
    Objects.requireNonNull(message, "message");
    List<CborValue> copy = List.copyOf(args);
    synchronized (this) {
      if (closed) {
        return;
      }
      requireNotEnded();
      if (phase != Phase.NOT_STARTED) {
        throw new IllegalStateException("a command error must come before any value of the response");
      }
      phase = Phase.ENDED;
      submitEnd(r -> r.commandError(message, copy));
    }
  }

  @Override
  public void redirect(CborValue.MapValue location) {
    Objects.requireNonNull(location, "location");
    if (!(location.get("url") instanceof CborValue.Bytes) || !(location.get("mediatype") instanceof CborValue.Bytes)) {
      throw new IllegalArgumentException("a redirect location needs byte strings url and mediatype: " + location);
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      requireNotEnded();
      if (phase != Phase.NOT_STARTED) {
        throw new IllegalStateException("a redirect must come before any value of the response");
      }
      if (!redirectOffered()) {
        throw new IllegalStateException("CMD-9: request " + requestId() + " offered no redirect target");
      }
      phase = Phase.REDIRECTED;
      submit(r -> r.redirect(location));
    }
  }

  @Override
  public void serverError(String message) {
    Objects.requireNonNull(message, "message");
    synchronized (this) {
      if (closed) {
        return;
      }
      requireNotEnded();
      phase = Phase.ENDED;
      submitEnd(r -> r.serverError(message));
    }
  }

  /**
   * Ends the response from the session's side, with its access, for a server that stops waiting
   * (shutdown): an error-response of type {@code server} unless it already ended.
   */
  void abort(String message) {
    synchronized (this) {
      phase = Phase.ENDED;
      closed = true;
    }
    aborted = true;
    if (response.isOpen()) {
      response.serverError(message);
    }
    finish();
  }

  private void requireNotEnded() {
    if (phase == Phase.ENDED) {
      throw new IllegalStateException("response to request " + requestId() + " already ended");
    }
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
