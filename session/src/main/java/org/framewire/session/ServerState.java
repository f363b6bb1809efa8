package org.framewire.session;

/**
 * The states of a {@link ServerSession} as a whole (per-request progress is tracked apart, see
 * {@link ServerSession}). The transitions are the table in {@link ServerStateMachine}; {@link
 * #CLOSED} is final and absorbs every failure.
 *
 * <pre>
 *                  settings(continuation)        settings(continuation)
 *    INITIAL ───────────────────────────▶ RECEIVING_SETTINGS ◀──┘
 *      │  │                                    │ settings(eos)
 *      │  └── settings(eos) / command ──▶ OPEN ◀┘
 *      │                                   │  command frames (any request)
 *      └──────── input end ─────────▶ INPUT_ENDED ◀── input end
 *                                          │ every request answered
 *    any state ── violation / close / timeout ──▶ CLOSED ◀┘
 * </pre>
 */
public enum ServerState {
  /** Nothing received yet: sender-protocol-settings or a command request may come (SET-1). */
  INITIAL,
  /** A sender-protocol-settings frame with continuation came; only more of them may follow. */
  RECEIVING_SETTINGS,
  /** Settings are settled; command requests and command data flow, interleaved by request id. */
  OPEN,
  /** The client ended its input; the session closes once every request is answered. */
  INPUT_ENDED,
  /** Final: after a protocol violation, a timeout, a local close, or every answer after input end. */
  CLOSED
}
