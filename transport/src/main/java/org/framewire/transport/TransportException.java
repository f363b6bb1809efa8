package org.framewire.transport;

import java.io.IOException;

/**
 * A call failed below the protocol: the connection could not be made, broke, or an HTTP exchange
 * was refused with a status other than 200 (SPEC.md §9.2). Failures the protocol itself reports —
 * a command error, an error-response, the session closing — are {@link
 * org.framewire.session.CallException}s instead.
 */
public final class TransportException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public TransportException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = -1;
  }

  /** An HTTP exchange answered with {@code status} instead of 200. */
  public TransportException(String message, int status) {
    super(message);
    this.httpStatus = status;
  }

  /** The HTTP status of a refused exchange, or -1 when the failure was not an HTTP status. */
  public int httpStatus() {
    return httpStatus;
  }
}
