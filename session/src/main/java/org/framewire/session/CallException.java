package org.framewire.session;

import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;

/**
 * Why a call made through {@link ClientCalls} or transport's {@code BlockingClient} failed: the future of the
 * call completes exceptionally with one of these. Its message says why in full, and what the server
 * sent is kept: the error-response that ended the call, or that closed the session (ERR-5), with its
 * type, requirement and rendered message ({@link #errorResponse()}, {@link #requirement()}); or the
 * violation the client found in the server's output ({@link #violation()}).
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
  private final transient ClientEvent.ErrorResponse errorResponse;
  private final transient ClientEvent.ProtocolFailure violation;

  private CallException(int requestId, Kind kind, String message, String errorType, List<CborValue> args,
      CloseReason closeReason, ClientEvent.ErrorResponse errorResponse, ClientEvent.ProtocolFailure violation) {
    super(message);
    this.requestId = requestId;
    this.kind = kind;
    this.errorType = errorType;
    this.args = List.copyOf(args);
    this.closeReason = closeReason;
    this.errorResponse = errorResponse;
    this.violation = violation;
  }

  /** A command error: {@code message} with its arguments substituted for {@code %s}. */
  static CallException commandError(ClientEvent.CommandError e) {
    List<String> printable = new java.util.ArrayList<>();
    for (CborValue a : e.args()) {
      printable.add(a instanceof CborValue.Bytes b ? TextAtom.utf8(b) : String.valueOf(a));
    }
    String text = new TextAtom(e.message(), printable, List.of()).format();
    return new CallException(e.requestId(), Kind.COMMAND_ERROR, text, null, e.args(), null, null, null);
  }

  static CallException errorResponse(ClientEvent.ErrorResponse e) {
    return new CallException(e.requestId(), Kind.ERROR_RESPONSE, describe(e), e.type(), List.of(), null, e, null);
  }

  static CallException timedOut(int requestId) {
    return new CallException(requestId, Kind.TIMED_OUT, "request " + requestId + " timed out", null, List.of(),
        null, null, null);
  }

  /**
   * The session closed before request {@code requestId} was answered; {@code errorResponse} is the
   * server's protocol error-response that closed it (ERR-5), {@code violation} the server's
   * violation the client found (ERR-2), each {@code null} when there was none.
   */
  static CallException closed(int requestId, CloseReason reason, ClientEvent.ErrorResponse errorResponse,
      ClientEvent.ProtocolFailure violation) {
    String why = errorResponse != null ? ": the server sent " + describe(errorResponse)
        : violation != null ? ": the server broke " + violation.requirement().id() + ": " + violation.message()
        : "";
    return new CallException(requestId, Kind.SESSION_CLOSED,
        "session closed (" + Objects.requireNonNull(reason) + ") before request " + requestId + " was answered" + why,
        errorResponse == null ? null : errorResponse.type(), List.of(), reason, errorResponse, violation);
  }

  /** {@code protocol error (CMD-6): ...}: the type, the requirement when given, the rendered message. */
  private static String describe(ClientEvent.ErrorResponse e) {
    return e.type() + " error" + (e.requirement() == null ? "" : " (" + e.requirement() + ")") + ": " + e.formatted();
  }

  /** The request that failed. */
  public int requestId() {
    return requestId;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The error type ({@code server}, {@code protocol}, ...) of the error-response that ended the
   * call ({@link Kind#ERROR_RESPONSE}) or closed the session ({@link Kind#SESSION_CLOSED}); else null.
   */
  public String errorType() {
    return errorType;
  }

  /**
   * The error-response (SPEC.md §7.1) that ended the call, or the protocol error-response that
   * closed the session before it was answered (ERR-5): type, rendered message ({@link
   * ClientEvent.ErrorResponse#formatted()}) and requirement; null when there was none.
   */
  public ClientEvent.ErrorResponse errorResponse() {
    return errorResponse;
  }

  /**
   * The requirement id the server's error-response cites (ERR-3), or that the server's output broke
   * when the client found the violation itself; null when neither applies.
   */
  public String requirement() {
    if (errorResponse != null && errorResponse.requirement() != null) {
      return errorResponse.requirement();
    }
    return violation == null ? null : violation.requirement().id();
  }

  /** The violation of the protocol the client found in the server's output, which closed the session; else null. */
  public ClientEvent.ProtocolFailure violation() {
    return violation;
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
