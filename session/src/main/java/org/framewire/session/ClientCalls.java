package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;

/**
 * Futures over a {@link ClientSession}: {@link #call} sends a command and returns a {@link
 * CompletableFuture} of its whole {@link Response}; the future completes when the caller feeds the
 * bytes that end the response ({@link #receive}). Like the session, this layer does no I/O and
 * starts no threads: futures complete on the thread that feeds input, and dependent stages without
 * an executor run there too, after the session has finished with that input — they may call back
 * into this object.
 *
 * <p>A failed call completes its future with a {@link CallException}: the command's error, an
 * error-response, a timeout, or the session closing. Every event also goes to the listener given
 * at construction, so text output and progress can be shown as they arrive.
 *
 * <p>Cancelling a future does not touch the session (it may be cancelled from any thread): the
 * response is still received and then dropped. Call {@link #abandon(int)} on the session's thread
 * to drop it sooner.
 *
 * <p><b>Not thread-safe,</b> except that the futures may be waited on from any thread.
 */
public final class ClientCalls {

  /** A call in flight: its future and what has arrived of its response. */
  private static final class Call {
    final CompletableFuture<Response> future = new CompletableFuture<>();
    final List<CborValue> objects = new ArrayList<>();
    final List<TextAtom> text = new ArrayList<>();
    CborValue.MapValue redirect;
    /** The chunks of a streamed top-level byte string, until its last one. */
    List<byte[]> chunks;
  }

  private final ClientSession session;
  private final Consumer<ClientEvent> listener;
  private final RequestTable<Call> calls;
  /** The server's protocol error-response (request id 0, ERR-5), once one came. */
  private ClientEvent.ErrorResponse sessionError;
  /** The server's violation the client found (ERR-2), once one was. */
  private ClientEvent.ProtocolFailure violation;

  /** Futures over {@code session}, with no listener. */
  public ClientCalls(ClientSession session) {
    this(session, e -> { });
  }

  /** Futures over {@code session}; {@code listener} sees every event, on the feeding thread. */
  public ClientCalls(ClientSession session, Consumer<ClientEvent> listener) {
    this.session = Objects.requireNonNull(session, "session");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.calls = new RequestTable<>(RequestTable.ID_COUNT);
  }

  /** The session underneath: drain its outbound bytes with {@link ClientSession#pollOutbound()}. */
  public ClientSession session() {
    return session;
  }

  /** Sends {@code command} with {@code args} (an empty map for none). */
  public CompletableFuture<Response> call(String command, CborValue.MapValue args) {
    return call(CommandRequest.of(command, args));
  }

  /**
   * Sends a command request and returns the future of its response.
   *
   * @throws IllegalStateException as {@link ClientSession#sendCommand(CommandRequest)}
   */
  public CompletableFuture<Response> call(CommandRequest request) {
    return register(session.sendCommand(request));
  }

  /** Sends a command request with command data; see {@link ClientSession#sendCommand(CommandRequest, ByteBuffer)}. */
  public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
    return register(session.sendCommand(request, data));
  }

  private CompletableFuture<Response> register(int id) {
    Call c = new Call();
    calls.put(id, c);
    return c.future;
  }

  /** Drops the response to {@code requestId} as {@link ClientSession#abandon(int)} does; its future is cancelled. */
  public void abandon(int requestId) {
    session.abandon(requestId);
    Call c = calls.remove(requestId);
    if (c != null) {
      c.future.cancel(false);
    }
  }

  /** Feeds bytes from the server and completes the futures they finish; returns the events. */
  public List<ClientEvent> receive(ByteBuffer bytes) {
    return dispatch(session.receive(bytes));
  }

  /** The server ended its output: fails every open call with {@link CallException.Kind#SESSION_CLOSED}. */
  public List<ClientEvent> receiveEnd() {
    return dispatch(session.receiveEnd());
  }

  /** Runs the session's timers; see {@link ClientSession#onTimeout(long)}. */
  public List<ClientEvent> onTimeout(long now) {
    return dispatch(session.onTimeout(now));
  }

  /** Closes the session; open calls fail with {@link CallException.Kind#SESSION_CLOSED}. */
  public List<ClientEvent> close() {
    return dispatch(session.close());
  }

  /** Calls waiting for their response. */
  public int pending() {
    return calls.size();
  }

  private List<ClientEvent> dispatch(List<ClientEvent> events) {
    // First record what the events say; complete the futures after, so that stages they trigger
    // see a consistent state and may send new calls.
    List<Runnable> completions = new ArrayList<>();
    for (ClientEvent e : events) {
      listener.accept(e);
      apply(e, completions);
    }
    for (Runnable r : completions) {
      r.run();
    }
    return events;
  }

  private void apply(ClientEvent e, List<Runnable> completions) {
    if (e instanceof ClientEvent.ErrorResponse err && err.requestId() == 0) {
      sessionError = err; // a protocol error-response (ERR-5): the session closes next
      return;
    }
    if (e instanceof ClientEvent.ProtocolFailure f) {
      violation = f;
      return;
    }
    if (e instanceof ClientEvent.Closed closed) {
      List<Call> open = new ArrayList<>();
      List<Integer> ids = new ArrayList<>();
      calls.forEach((id, c) -> {
        open.add(c);
        ids.add(id);
      });
      calls.clear();
      for (int i = 0; i < open.size(); i++) {
        Call c = open.get(i);
        CallException failure = CallException.closed(ids.get(i), closed.reason(), sessionError, violation);
        completions.add(() -> c.future.completeExceptionally(failure));
      }
      return;
    }
    Call c = calls.get(e.requestId());
    if (c == null) {
      return;
    }
    if (e instanceof ClientEvent.ResponseObject o) {
      c.objects.add(o.value());
    } else if (e instanceof ClientEvent.ResponseChunk chunk) {
      if (c.chunks == null) {
        c.chunks = new ArrayList<>();
      }
      if (chunk.last()) {
        c.objects.add(new CborValue.IndefiniteBytes(c.chunks));
        c.chunks = null;
      } else {
        c.chunks.add(chunk.chunk());
      }
    } else if (e instanceof ClientEvent.Redirect r) {
      c.redirect = r.location();
    } else if (e instanceof ClientEvent.TextOutput t) {
      c.text.addAll(t.atoms());
    } else if (e instanceof ClientEvent.ResponseComplete done) {
      calls.remove(done.requestId());
      Response response = new Response(done.requestId(), c.objects, c.redirect, c.text);
      completions.add(() -> c.future.complete(response));
    } else if (e instanceof ClientEvent.CommandError err) {
      calls.remove(err.requestId());
      completions.add(() -> c.future.completeExceptionally(CallException.commandError(err)));
    } else if (e instanceof ClientEvent.ErrorResponse err) {
      calls.remove(err.requestId());
      completions.add(() -> c.future.completeExceptionally(CallException.errorResponse(err)));
    } else if (e instanceof ClientEvent.RequestTimedOut t) {
      calls.remove(t.requestId());
      completions.add(() -> c.future.completeExceptionally(CallException.timedOut(t.requestId())));
    }
  }
}
