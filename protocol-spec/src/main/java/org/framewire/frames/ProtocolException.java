package org.framewire.frames;

import org.framewire.spec.Requirement;

/**
 * A peer broke the protocol: the typed error of SPEC.md §7.2. It names the {@link Requirement} that
 * was broken; a session answers it with an error frame of type {@code protocol} citing that id.
 *
 * <p>This is the only exception bad input from a peer may cause anywhere in framewire. Misuse of
 * the API by the local application throws {@link IllegalArgumentException} or {@link
 * IllegalStateException} instead.
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
