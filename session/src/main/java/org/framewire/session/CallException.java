package org.framewire.session;

import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;

/**
 * Why a call made through {@link ClientCalls} or transport's {@code BlockingClient} failed: the future of the
 * call completes exceptionally with one of these.
 */
public final class CallException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The ways a call fails. */
  public enum Kind {
    /** The command answered with an error status map (SPEC.md §6.3, CMD-10). */
    COMMAND_ERROR,
    /** The server sent an error-response frame (SPEC.md §7.1); {@link #errorType()} says which. */
    ERROR_RESPONSE,
    /** The response did not end within the client's request timeout. */
    TIMED_OUT,
    /** The session closed before the response ended; {@link #closeReason()} says why. */
    SESSION_CLOSED
  }

  private final int requestId;
  private final Kind kind;
  private final String errorType;
  private final transient List<CborValue> args;
  private final CloseReason closeReason;

  private CallException(int requestId, Kind kind, String message, String errorType, List<CborValue> args,
      CloseReason closeReason) {
    super(message);
    this.requestId = requestId;
    this.kind = kind;
    this.errorType = errorType;
    this.args = List.copyOf(args);
    this.closeReason = closeReason;
  }

  /** A command error: {@code message} with its arguments substituted for {@code %s}. */
  static CallException commandError(ClientEvent.CommandError e) {
    List<String> printable = new java.util.ArrayList<>();
    for (CborValue a : e.args()) {
      printable.add(a instanceof CborValue.Bytes b ? TextAtom.utf8(b) : String.valueOf(a));
    }
    String text = new TextAtom(e.message(), printable, List.of()).format();
    return new CallException(e.requestId(), Kind.COMMAND_ERROR, text, null, e.args(), null);
  }

  static CallException errorResponse(ClientEvent.ErrorResponse e) {
    return new CallException(e.requestId(), Kind.ERROR_RESPONSE, e.type() + " error: " + e.formatted(), e.type(),
        List.of(), null);
  }

  static CallException timedOut(int requestId) {
    return new CallException(requestId, Kind.TIMED_OUT, "request " + requestId + " timed out", null, List.of(), null);
  }

  static CallException closed(int requestId, CloseReason reason) {
    return new CallException(requestId, Kind.SESSION_CLOSED,
        "session closed (" + Objects.requireNonNull(reason) + ") before request " + requestId + " was answered",
        null, List.of(), reason);
  }

  /** The request that failed. */
  public int requestId() {
    return requestId;
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#ERROR_RESPONSE}: the error type ({@code server}, {@code protocol}, ...); else null. */
  public String errorType() {
    return errorType;
  }

  /** For {@link Kind#COMMAND_ERROR}: the message's arguments as sent; else empty. */
  public List<CborValue> args() {
    return args;
  }

  /** For {@link Kind#SESSION_CLOSED}: why the session closed; else null. */
  public CloseReason closeReason() {
    return closeReason;
  }
}
