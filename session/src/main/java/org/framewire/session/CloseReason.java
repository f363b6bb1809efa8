package org.framewire.session;

/** Why a session closed; carried by the {@code Closed} events of both sessions. */
public enum CloseReason {
  /** The peer broke the protocol; a {@code ProtocolFailure} event came first (ERR-2, SPEC.md §7.2). */
  PROTOCOL_ERROR,
  /** The peer ended its input and every request it sent has been answered. */
  FINISHED,
  /** The application called {@code close()}. */
  LOCAL_CLOSE,
  /** Nothing was sent or received for the configured idle timeout while no request was in flight. */
  IDLE_TIMEOUT,
  /**
   * A server: a request was not received in full within the configured request timeout. A client:
   * never (a client request that times out fails alone and the session stays open).
   */
  REQUEST_TIMEOUT,
  /** A client: the server ended its output. */
  PEER_CLOSED,
  /**
   * A client: the server sent an error-response of type {@code protocol}, which ends the session
   * (ERR-2); an {@code ErrorResponse} event came first.
   */
  PEER_ERROR
}
