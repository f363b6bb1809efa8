package org.framewire.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.framewire.cbor.CborValue;
import org.framewire.session.CloseReason;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.spec.Requirement;
import org.framewire.session.commands.CommandCall;
import org.framewire.session.commands.CommandRegistry;

/**
 * Turns one server session's events into work: each {@link ServerEvent.RunCommand} becomes a
 * {@link CommandCall} run by the {@link CommandRegistry} on the user's executor with a {@link
 * SessionResponseWriter}; violations and the close are reported to the {@link TransportListener}.
 * Every method is called with the session's access (on its loop thread or under its lock).
 */
final class CommandDispatcher {

  /**
   * Checks a transport adds to the session's own: the HTTP single-command path's TRANS-5. Each
   * method returns {@code null} to accept, else what was wrong.
   */
  interface Gate {
    /** Called for every request before it runs. */
    String check(ServerEvent.RunCommand run, int requestsSoFar);

    /** Called once the client's input ended, unless the session already failed. */
    String atInputEnd(int requestsSoFar);
  }

  private final String connection;
  private final CommandRegistry commands;
  private final Executor executor;
  private final SessionHost host;
  private final TransportListener listener;
  private final Gate gate;
  private final Map<Integer, SessionResponseWriter> active = new HashMap<>();
  private volatile int activeCount;
  private int requests;
  private boolean failed;
  private CloseReason closeReason;

  CommandDispatcher(String connection, CommandRegistry commands, Executor executor, SessionHost host,
      TransportListener listener, Gate gate) {
    this.connection = connection;
    this.commands = commands;
    this.executor = executor;
    this.host = host;
    this.listener = listener;
    this.gate = gate;
  }

  /** Responses being produced by handlers now; readable from any thread. */
  int activeCount() {
    return activeCount;
  }

  /** Why the session closed, or {@code null} while it is open. */
  CloseReason closeReason() {
    return closeReason;
  }

  /** Reacts to events the session returned. */
  void onEvents(ServerSession session, List<ServerEvent> events) {
    for (ServerEvent e : events) {
      if (e instanceof ServerEvent.RunCommand run) {
        if (failed) {
          continue;
        }
        requests++;
        String wrong = gate == null ? null : gate.check(run, requests);
        if (wrong != null) {
          violation(session, Requirement.TRANSPORT_HTTP_COMMAND_MATCH, wrong);
        } else {
          dispatch(session, run);
        }
      } else if (e instanceof ServerEvent.ProtocolFailure f) {
        failed = true;
        listener.protocolViolation(connection, f.requirement(), f.message());
      } else if (e instanceof ServerEvent.Closed c) {
        closed(c.reason());
      } else if (e instanceof ServerEvent.CommandData || e instanceof ServerEvent.DataTruncated) {
        throw new IllegalStateException("transports run sessions in BUFFER data mode, not " + e);
      }
    }
  }

  /** The client's input ended and the session has seen it (after {@link ServerSession#receiveEnd()}). */
  void onInputEnd(ServerSession session) {
    if (gate != null && !failed) {
      String wrong = gate.atInputEnd(requests);
      if (wrong != null) {
        violation(session, Requirement.TRANSPORT_HTTP_COMMAND_MATCH, wrong);
      }
    }
  }

  /** Ends every response still being produced with an error-response of type server (shutdown). */
  void abortAll(String message) {
    for (SessionResponseWriter w : new ArrayList<>(active.values())) {
      w.abort(message);
    }
  }

  /** A violation the host found (TRANS-5, LIMIT-7): reported, answered with an error frame, the session closed. */
  void violation(ServerSession session, Requirement requirement, String detail) {
    failed = true;
    listener.protocolViolation(connection, requirement, requirement.id() + ": " + detail);
    host.violation(requirement, detail);
    onEvents(session, session.close());
  }

  private void dispatch(ServerSession session, ServerEvent.RunCommand run) {
    int id = run.requestId();
    SessionResponseWriter writer = new SessionResponseWriter(host, session.response(id), this::ended);
    active.put(id, writer);
    activeCount = active.size();
    CommandCall call = new CommandCall(id, run.command(), run.args(), run.files(), run.data(), run.redirect(),
        host.tls());
    try {
      executor.execute(() -> {
        try {
          commands.run(call, writer);
        } catch (Throwable t) {
          listener.internalError(connection, t);
          throw t;
        }
      });
    } catch (RejectedExecutionException e) {
      active.remove(id);
      activeCount = active.size();
      session.response(id).commandError("%s", List.of(new CborValue.Bytes(
          ("server overloaded: " + call.command() + " was not run").getBytes(StandardCharsets.UTF_8))));
    }
  }

  private void ended(SessionResponseWriter writer) {
    active.remove(writer.requestId(), writer);
    activeCount = active.size();
  }

  private void closed(CloseReason reason) {
    closeReason = reason;
    for (SessionResponseWriter w : active.values()) {
      w.markClosed();
    }
    active.clear();
    activeCount = 0;
    host.budget().close();
    listener.connectionClosed(connection, reason);
  }
}
