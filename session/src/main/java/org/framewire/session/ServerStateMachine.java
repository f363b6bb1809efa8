package org.framewire.session;

import java.util.EnumMap;
import java.util.Map;
import org.framewire.spec.Requirement;

/**
 * The transition table of {@link ServerState}, python-hyper/h2 style: for each state, the inputs it
 * accepts and where they lead. A frame input missing from a state's row is a protocol violation,
 * and the table names the requirement it breaks; the session then moves to {@link
 * ServerState#CLOSED}.
 */
final class ServerStateMachine {

  /** What can happen to a server session as a whole. */
  enum Input {
    /** A sender-protocol-settings frame with the continuation flag. */
    SETTINGS_CONTINUATION,
    /** A sender-protocol-settings frame with the eos flag. */
    SETTINGS_EOS,
    /** A command-request or command-data frame, of any request. */
    COMMAND_FRAME,
    /** A stream-settings frame (SPEC.md §4.1): also "any other frame" for SET-1. */
    STREAM_SETTINGS_FRAME,
    /** The client ended its input. */
    INPUT_END,
    /** The last known request was answered in full. */
    ALL_ANSWERED,
    /** A protocol violation, a local close or a timeout. */
    TERMINATE
  }

  /**
   * One cell of the table: the next state, or the requirement an input breaks in this state.
   *
   * @param next the state to move to; {@link ServerState#CLOSED} for a violation
   * @param violation the requirement broken, or {@code null} when the input is allowed
   */
  record Transition(ServerState next, Requirement violation) {
    boolean allowed() {
      return violation == null;
    }
  }

  private static final Map<ServerState, Map<Input, Transition>> TABLE = new EnumMap<>(ServerState.class);

  static {
    allow(ServerState.INITIAL, Input.SETTINGS_CONTINUATION, ServerState.RECEIVING_SETTINGS);
    allow(ServerState.INITIAL, Input.SETTINGS_EOS, ServerState.OPEN);
    allow(ServerState.INITIAL, Input.COMMAND_FRAME, ServerState.OPEN);
    // SET-1: sender protocol settings come before any other frame, stream settings included.
    allow(ServerState.INITIAL, Input.STREAM_SETTINGS_FRAME, ServerState.OPEN);
    allow(ServerState.INITIAL, Input.INPUT_END, ServerState.INPUT_ENDED);

    allow(ServerState.RECEIVING_SETTINGS, Input.SETTINGS_CONTINUATION, ServerState.RECEIVING_SETTINGS);
    allow(ServerState.RECEIVING_SETTINGS, Input.SETTINGS_EOS, ServerState.OPEN);
    // A request may not start before the settings are complete: they come before any other frame.
    forbid(ServerState.RECEIVING_SETTINGS, Input.COMMAND_FRAME, Requirement.SET_FIRST);
    forbid(ServerState.RECEIVING_SETTINGS, Input.STREAM_SETTINGS_FRAME, Requirement.SET_FIRST);
    // Input ending after a continuation: the promised settings frames never came.
    forbid(ServerState.RECEIVING_SETTINGS, Input.INPUT_END, Requirement.SET_FORMAT);

    forbid(ServerState.OPEN, Input.SETTINGS_CONTINUATION, Requirement.SET_FIRST);
    forbid(ServerState.OPEN, Input.SETTINGS_EOS, Requirement.SET_FIRST);
    allow(ServerState.OPEN, Input.COMMAND_FRAME, ServerState.OPEN);
    allow(ServerState.OPEN, Input.STREAM_SETTINGS_FRAME, ServerState.OPEN);
    allow(ServerState.OPEN, Input.INPUT_END, ServerState.INPUT_ENDED);
    allow(ServerState.OPEN, Input.ALL_ANSWERED, ServerState.OPEN);

    allow(ServerState.INITIAL, Input.ALL_ANSWERED, ServerState.INITIAL);
    allow(ServerState.INPUT_ENDED, Input.ALL_ANSWERED, ServerState.CLOSED);

    for (ServerState s : ServerState.values()) {
      if (s != ServerState.CLOSED) {
        allow(s, Input.TERMINATE, ServerState.CLOSED);
      }
    }
  }

  private ServerStateMachine() {}

  /**
   * The transition for {@code input} in {@code state}, or {@code null} when the pair cannot occur
   * (a frame or input end after input end, anything after close): the session never asks for those.
   */
  static Transition next(ServerState state, Input input) {
    Map<Input, Transition> row = TABLE.get(state);
    return row == null ? null : row.get(input);
  }

  private static void allow(ServerState from, Input input, ServerState to) {
    TABLE.computeIfAbsent(from, k -> new EnumMap<>(Input.class)).put(input, new Transition(to, null));
  }

  private static void forbid(ServerState from, Input input, Requirement violation) {
    TABLE.computeIfAbsent(from, k -> new EnumMap<>(Input.class))
        .put(input, new Transition(ServerState.CLOSED, violation));
  }
}
