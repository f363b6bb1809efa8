package org.framewire.session;

/**
 * How far one response has got (SPEC.md §6.3), and the one place that says which call may come
 * next. Both writers of a response, the session's {@link ServerResponse} and the transports'
 * thread-safe writer, keep their progress as a {@code ResponsePhase} and move it only through these
 * methods, so that misuse throws the same {@link IllegalStateException} whichever a handler holds.
 *
 * <table>
 *   <caption>Calls allowed in each phase</caption>
 *   <tr><th>phase</th><th>allowed, and the phase after</th></tr>
 *   <tr><td>NOT_STARTED</td><td>value → VALUES; beginBytes → BYTE_CHUNKS; redirect → REDIRECTED;
 *       commandError, end, serverError → ENDED</td></tr>
 *   <tr><td>VALUES</td><td>value; beginBytes → BYTE_CHUNKS; end, serverError → ENDED</td></tr>
 *   <tr><td>BYTE_CHUNKS</td><td>chunk; endBytes → VALUES; serverError → ENDED</td></tr>
 *   <tr><td>REDIRECTED</td><td>end, serverError → ENDED</td></tr>
 *   <tr><td>ENDED</td><td>nothing</td></tr>
 * </table>
 *
 * <p>Text output and progress frames ({@link #sideFrame}) may come in every phase but ENDED.
 */
public enum ResponsePhase {
  /** Nothing written yet: a status map of any kind may come (CMD-7). */
  NOT_STARTED,
  /** The ok status map was written; values follow. */
  VALUES,
  /** Inside an indefinite-length byte string (SPEC.md §5.3). */
  BYTE_CHUNKS,
  /** A redirect status map was written (§6.4); only the end may follow. */
  REDIRECTED,
  /** Ended; nothing more. */
  ENDED;

  /** Whether a status map, value or byte string was written: a command error can no longer come. */
  public boolean hasOutput() {
    return this != NOT_STARTED;
  }

  /** After a value of request {@code id}'s response. */
  public ResponsePhase value(int id) {
    requireValuesAllowed(id, "a value");
    return VALUES;
  }

  /** After the start of an indefinite-length byte string. */
  public ResponsePhase beginBytes(int id) {
    requireValuesAllowed(id, "a byte string");
    return BYTE_CHUNKS;
  }

  /** After a chunk of the open byte string. */
  public ResponsePhase chunk(int id) {
    if (this != BYTE_CHUNKS) {
      throw new IllegalStateException("no indefinite byte string open in response " + id + ": beginBytes() first");
    }
    return this;
  }

  /** After the end of the open byte string. */
  public ResponsePhase endBytes(int id) {
    if (this != BYTE_CHUNKS) {
      throw new IllegalStateException("no indefinite byte string open in response " + id);
    }
    return VALUES;
  }

  /** After the response's end (CMD-8). */
  public ResponsePhase end(int id) {
    requireNotEnded(id);
    if (this == BYTE_CHUNKS) {
      throw new IllegalStateException("inside an indefinite byte string of response " + id + ": endBytes() first");
    }
    return ENDED;
  }

  /** After a command error (CMD-10), which must come before any value. */
  public ResponsePhase commandError(int id) {
    requireNotStarted(id, "a command error");
    return ENDED;
  }

  /** After a redirect (CMD-9), which must come before any value. */
  public ResponsePhase redirect(int id) {
    requireNotStarted(id, "a redirect");
    return REDIRECTED;
  }

  /** After an error-response of type server (ERR-4), which may come at any point before the end. */
  public ResponsePhase serverError(int id) {
    requireNotEnded(id);
    return ENDED;
  }

  /** After a text-output or progress frame, which may come while the response is open. */
  public ResponsePhase sideFrame(int id) {
    requireNotEnded(id);
    return this;
  }

  private void requireNotEnded(int id) {
    if (this == ENDED) {
      throw new IllegalStateException("response to request " + id + " already ended");
    }
  }

  private void requireNotStarted(int id, String what) {
    requireNotEnded(id);
    if (this != NOT_STARTED) {
      throw new IllegalStateException(what + " must come before any value of response " + id);
    }
  }

  private void requireValuesAllowed(int id, String what) {
    requireNotEnded(id);
    if (this == REDIRECTED) {
      throw new IllegalStateException(what + " after a redirect in response " + id + ": only end() may follow");
    }
    if (this == BYTE_CHUNKS) {
      throw new IllegalStateException("inside an indefinite byte string of response " + id + ": endBytes() first");
    }
  }
}
