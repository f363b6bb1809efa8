package org.framewire.session;

/**
 * The states of a {@link ClientSession} as a whole and their transition table, a {@link
 * TransitionTable} as {@link ServerStateMachine}'s is (per-request progress is tracked apart, in
 * the request table). A client has fewer rules on the session as a whole than a server: what it
 * sends is its own doing, and the rules on what the server sends are per request (CMD-4, CMD-16)
 * and per stream; so every pair this table leaves out is one the session never asks for, and
 * {@link #next} throws for it.
 *
 * <pre>
 *               request sent (settings, then the request, the first frame with stream-begin)
 *    INITIAL ──────────────────────────────────────────────────────▶ OPEN ◀──┐ request sent,
 *      │                                                              │  └───┘ server frame
 *      └── server end / violation / error / close / idle timeout ──▶ CLOSED ◀┘
 * </pre>
 */
final class ClientStateMachine {

  /** The states of a client session. */
  enum State {
    /**
     * Nothing sent yet: the first request goes out after the sender-protocol-settings frame
     * (SET-1), and the first frame sent carries stream-begin (STREAM-1).
     */
    INITIAL,
    /** The client's stream is open; requests and responses flow, interleaved by request id. */
    OPEN,
    /** Final: the server ended its output or broke a rule, a protocol error came, or the caller closed. */
    CLOSED
  }

  /** What can happen to a client session as a whole. */
  enum Input {
    /** The frames of a request were queued. */
    REQUEST_SENT,
    /** A frame from the server passed the header checks (before any request, only an error can be meant). */
    SERVER_FRAME,
    /** The server ended its output, a protocol violation, a protocol error-response, a local close or the idle timeout. */
    TERMINATE
  }

  private static final TransitionTable<State, Input> TABLE =
      new TransitionTable<>(State.class, Input.class, State.CLOSED);

  static {
    TABLE.allow(State.INITIAL, Input.REQUEST_SENT, State.OPEN);
    TABLE.allow(State.INITIAL, Input.SERVER_FRAME, State.INITIAL);
    TABLE.allow(State.INITIAL, Input.TERMINATE, State.CLOSED);
    TABLE.allow(State.OPEN, Input.REQUEST_SENT, State.OPEN);
    TABLE.allow(State.OPEN, Input.SERVER_FRAME, State.OPEN);
    TABLE.allow(State.OPEN, Input.TERMINATE, State.CLOSED);
  }

  private ClientStateMachine() {}

  /**
   * The state {@code input} leads to from {@code state}.
   *
   * @throws IllegalStateException for a pair the session never asks for (anything after close)
   */
  static State next(State state, Input input) {
    TransitionTable.Transition<State> to = TABLE.next(state, input);
    if (to == null) {
      throw new IllegalStateException(input + " in state " + state);
    }
    return to.next();
  }
}
