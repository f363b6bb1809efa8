package org.framewire.spec;

import java.util.Locale;

/**
 * A peer broke the protocol: the typed error of SPEC.md §7.2. It names the {@link Requirement} that
 * was broken; a session answers it with an error frame of type {@code protocol} citing that id.
 *
 * <p>This is the only exception bad input from a peer may cause anywhere in framewire. Misuse of
 * the API by the local application throws {@link IllegalArgumentException} or {@link
 * IllegalStateException} instead.
 *
 * <p>A check reads best as one line: {@code if (broken) throw ProtocolException.violation(REQ, "what
 * %s", x);} ({@link #violation}, after Netty's {@code connectionError(code, fmt, args)}). The
 * message is formatted only when the check fails, so hot paths pay nothing for it.
 *
 * <p>It lives in the lowest module (protocol-spec) beside {@link Requirement}, in package {@code
 * org.framewire.frames} where its users have always imported it from, so that every layer (cbor
 * included, which the frames module depends on) can throw it.
 */
public class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Requirement requirement;

  public ProtocolException(Requirement requirement, String message) {
    super(requirement.id() + ": " + message);
    this.requirement = requirement;
  }

  public ProtocolException(Requirement requirement, String message, Throwable cause) {
    super(requirement.id() + ": " + message, cause);
    this.requirement = requirement;
  }

  /**
   * A violation of {@code requirement} whose message is {@code format} formatted with {@code args}
   * ({@link String#format}, {@link Locale#ROOT}, so numbers read the same everywhere).
   */
  public static ProtocolException violation(Requirement requirement, String format, Object... args) {
    return new ProtocolException(requirement, String.format(Locale.ROOT, format, args));
  }

  /** The requirement the peer broke. */
  public Requirement requirement() {
    return requirement;
  }

  /** The message without the leading requirement id. */
  public String detail() {
    String m = getMessage();
    String prefix = requirement.id() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
