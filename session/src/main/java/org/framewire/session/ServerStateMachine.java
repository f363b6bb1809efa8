package org.framewire.session;

import org.framewire.spec.Requirement;

/**
 * The transition table of {@link ServerState} (a {@link TransitionTable}), python-hyper/h2 style:
 * for each state, the inputs it accepts and where they lead. The sender protocol settings come
 * first (SPEC.md §8.1, SET-1, SET-2), then requests (§6); the end of input lets the requests
 * received be answered (TRANS-6). A frame input the table forbids in a state is a protocol
 * violation, and the table names the requirement it breaks; the session then moves to {@link
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

  private static final TransitionTable<ServerState, Input> TABLE =
      new TransitionTable<>(ServerState.class, Input.class, ServerState.CLOSED);

  static {
    TABLE.allow(ServerState.INITIAL, Input.SETTINGS_CONTINUATION, ServerState.RECEIVING_SETTINGS);
    TABLE.allow(ServerState.INITIAL, Input.SETTINGS_EOS, ServerState.OPEN);
    TABLE.allow(ServerState.INITIAL, Input.COMMAND_FRAME, ServerState.OPEN);
    // SET-1: sender protocol settings come before any other frame, stream settings included.
    TABLE.allow(ServerState.INITIAL, Input.STREAM_SETTINGS_FRAME, ServerState.OPEN);
    TABLE.allow(ServerState.INITIAL, Input.INPUT_END, ServerState.INPUT_ENDED);

    TABLE.allow(ServerState.RECEIVING_SETTINGS, Input.SETTINGS_CONTINUATION, ServerState.RECEIVING_SETTINGS);
    TABLE.allow(ServerState.RECEIVING_SETTINGS, Input.SETTINGS_EOS, ServerState.OPEN);
    // A request may not start before the settings are complete: they come before any other frame.
    TABLE.forbid(ServerState.RECEIVING_SETTINGS, Input.COMMAND_FRAME, Requirement.SET_FIRST);
    TABLE.forbid(ServerState.RECEIVING_SETTINGS, Input.STREAM_SETTINGS_FRAME, Requirement.SET_FIRST);
    // Input ending after a continuation: the promised settings frames never came.
    TABLE.forbid(ServerState.RECEIVING_SETTINGS, Input.INPUT_END, Requirement.SET_FORMAT);

    TABLE.forbid(ServerState.OPEN, Input.SETTINGS_CONTINUATION, Requirement.SET_FIRST);
    TABLE.forbid(ServerState.OPEN, Input.SETTINGS_EOS, Requirement.SET_FIRST);
    TABLE.allow(ServerState.OPEN, Input.COMMAND_FRAME, ServerState.OPEN);
    TABLE.allow(ServerState.OPEN, Input.STREAM_SETTINGS_FRAME, ServerState.OPEN);
    TABLE.allow(ServerState.OPEN, Input.INPUT_END, ServerState.INPUT_ENDED);
    TABLE.allow(ServerState.OPEN, Input.ALL_ANSWERED, ServerState.OPEN);

    TABLE.allow(ServerState.INITIAL, Input.ALL_ANSWERED, ServerState.INITIAL);
    TABLE.allow(ServerState.INPUT_ENDED, Input.ALL_ANSWERED, ServerState.CLOSED);

    for (ServerState s : ServerState.values()) {
      if (s != ServerState.CLOSED) {
        TABLE.allow(s, Input.TERMINATE, ServerState.CLOSED);
      }
    }
  }

  private ServerStateMachine() {}

  /**
   * The transition for {@code input} in {@code state}, or {@code null} when the pair cannot occur
   * (a frame or input end after input end, anything after close): the session never asks for those.
   */
  static TransitionTable.Transition<ServerState> next(ServerState state, Input input) {
    return TABLE.next(state, input);
  }
}
